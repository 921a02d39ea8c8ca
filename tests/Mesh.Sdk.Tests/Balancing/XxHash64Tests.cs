using System.Text;
using Mesh.Sdk.Balancing;

namespace Mesh.Sdk.Tests.Balancing;

public sealed class XxHash64Tests
{
    // Reference values from the xxHash project's XXH64 (seed 0), covering the short, 4-byte, 8-byte and 32-byte stripe paths.
    [Theory]
    [InlineData("", 0xEF46DB3751D8E999UL)]
    [InlineData("a", 0xD24EC4F1A98C6E5BUL)]
    [InlineData("abc", 0x44BC2CF5AD770999UL)]
    [InlineData("Nobody inspects the spammish repetition", 0xFBCEA83C8A378BF1UL)]
    public void Matches_reference_values(string input, ulong expected)
    {
        Assert.Equal(expected, XxHash64.Hash(Encoding.UTF8.GetBytes(input)));
        Assert.Equal(expected, XxHash64.HashUtf8(input));
    }

    [Fact]
    public void Hashes_long_text_the_same_through_either_entry_point()
    {
        var text = new string('x', 300) + "é";

        Assert.Equal(XxHash64.Hash(Encoding.UTF8.GetBytes(text)), XxHash64.HashUtf8(text));
    }

    [Fact]
    public void Seed_changes_the_hash() =>
        Assert.NotEqual(XxHash64.Hash("abc"u8), XxHash64.Hash("abc"u8, seed: 1));
}
