using Mesh.SidecarFallback.Forwarding;
using Microsoft.Extensions.Primitives;

namespace Mesh.SidecarFallback.Tests.Forwarding;

public sealed class HopByHopHeadersTests
{
    [Theory]
    [InlineData("keep-alive, X-Hop-Secret", "X-Hop-Secret", true)]
    [InlineData("X-Hop-Secret", "x-hop-secret", true)]
    [InlineData("close,x-a ,  x-b", "X-B", true)]
    [InlineData("keep-alive, X-Hop-Secret", "X-Hop", false)]
    [InlineData("", "X-Hop-Secret", false)]
    public void A_header_named_by_Connection_is_hop_by_hop(string connection, string name, bool named) =>
        Assert.Equal(named, HopByHopHeaders.IsNamedBy(new StringValues(connection), name));

    [Theory]
    [InlineData("Connection")]
    [InlineData("keep-alive")]
    [InlineData("Proxy-Authorization")]
    [InlineData("Transfer-Encoding")]
    [InlineData("Upgrade")]
    [InlineData("TE")]
    public void Connection_specific_headers_are_hop_by_hop(string name) => Assert.True(HopByHopHeaders.IsHopByHop(name));
}
