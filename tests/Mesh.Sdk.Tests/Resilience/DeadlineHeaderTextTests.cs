using Mesh.Sdk.Resilience;

namespace Mesh.Sdk.Tests.Resilience;

public sealed class DeadlineHeaderTextTests
{
    [Fact]
    public void Writes_whole_milliseconds_down_for_http_and_up_for_grpc()
    {
        var text = new DeadlineHeaderText();

        Assert.Equal("1499", text.Format(grpc: false, TimeSpan.FromMilliseconds(1499.7)));
        Assert.Equal("1500m", text.Format(grpc: true, TimeSpan.FromMilliseconds(1499.7)));
        Assert.Equal("1", text.Format(grpc: false, TimeSpan.FromTicks(1)));
    }

    [Fact]
    public void Reuses_the_text_for_the_same_whole_millisecond()
    {
        var text = new DeadlineHeaderText();

        var first = text.Format(grpc: false, TimeSpan.FromMilliseconds(14_999.2));
        var second = text.Format(grpc: false, TimeSpan.FromMilliseconds(14_999.9));

        Assert.Same(first, second);
        Assert.NotSame(first, text.Format(grpc: true, TimeSpan.FromMilliseconds(14_999.2)));
    }
}
