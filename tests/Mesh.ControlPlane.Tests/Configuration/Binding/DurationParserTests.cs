using Mesh.ControlPlane.Configuration.Binding;

namespace Mesh.ControlPlane.Tests.Configuration.Binding;

public sealed class DurationParserTests
{
    [Theory]
    [InlineData("250ms", 250)]
    [InlineData("2s", 2_000)]
    [InlineData("1m", 60_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1h2m3s4ms", 3_723_004)]
    public void Parses_documented_forms(string text, long milliseconds)
    {
        Assert.True(DurationParser.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0s")]
    [InlineData("10")]
    [InlineData("1s1m")]
    [InlineData("1.5s")]
    [InlineData("-2s")]
    [InlineData("2 s")]
    [InlineData("1d")]
    [InlineData("99999999999999999999h")]
    public void Rejects_anything_else(string text)
    {
        Assert.False(DurationParser.TryParse(text, out _));
    }
}
