using Mesh.Xds.Grpc.Wire;

namespace Mesh.Xds.Tests.Grpc.Wire;

public sealed class GrpcMessageEncodingTests
{
    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("50%", "50%25")]
    [InlineData("tab\there", "tab%09here")]
    [InlineData("ü", "%C3%BC")]
    public void Percent_encodes_what_the_spec_requires(string raw, string encoded)
    {
        Assert.Equal(encoded, GrpcMessageEncoding.Encode(raw));
        Assert.Equal(raw, GrpcMessageEncoding.Decode(encoded));
    }

    [Fact]
    public void Leaves_a_stray_percent_sign_as_is() => Assert.Equal("100% sure", GrpcMessageEncoding.Decode("100% sure"));
}
