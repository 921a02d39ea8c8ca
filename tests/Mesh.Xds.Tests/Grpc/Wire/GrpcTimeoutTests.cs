using Mesh.Xds.Grpc.Wire;

namespace Mesh.Xds.Tests.Grpc.Wire;

public sealed class GrpcTimeoutTests
{
    [Theory]
    [InlineData("100m", 100 * TimeSpan.TicksPerMillisecond)]
    [InlineData("5S", 5 * TimeSpan.TicksPerSecond)]
    [InlineData("2M", 2 * TimeSpan.TicksPerMinute)]
    [InlineData("1H", TimeSpan.TicksPerHour)]
    [InlineData("250u", 250 * TimeSpan.TicksPerMicrosecond)]
    [InlineData("1000n", 10)]
    [InlineData("99999999S", 99_999_999 * TimeSpan.TicksPerSecond)]
    public void Parses_every_unit(string value, long ticks)
    {
        Assert.True(GrpcTimeout.TryParse(value, out var timeout));
        Assert.Equal(ticks, timeout.Ticks);
    }

    [Theory]
    [InlineData("")]
    [InlineData("S")]
    [InlineData("10")]
    [InlineData("10s")]
    [InlineData("-5S")]
    [InlineData("123456789S")]
    [InlineData("1.5S")]
    public void Rejects_malformed_values(string value) => Assert.False(GrpcTimeout.TryParse(value, out _));

    [Fact]
    public void Formats_in_the_finest_unit_that_fits_eight_digits()
    {
        Assert.Equal("100000u", GrpcTimeout.Format(TimeSpan.FromMilliseconds(100)));
        Assert.Equal("3600000m", GrpcTimeout.Format(TimeSpan.FromHours(1)));
        Assert.Equal("36000000S", GrpcTimeout.Format(TimeSpan.FromSeconds(36_000_000)));
    }

    [Fact]
    public void Formats_tiny_timeouts_rounded_up_not_to_zero() => Assert.Equal("1u", GrpcTimeout.Format(TimeSpan.FromTicks(1)));

    [Fact]
    public void Round_trips_through_parse_without_shrinking()
    {
        var timeout = TimeSpan.FromMilliseconds(1234.5678);
        Assert.True(GrpcTimeout.TryParse(GrpcTimeout.Format(timeout), out var parsed));
        Assert.True(parsed >= timeout);
        Assert.True(parsed - timeout < TimeSpan.FromMicroseconds(1));
    }
}
