using Mesh.Cli.Analysis;

namespace Mesh.Cli.Tests.Analysis;

public sealed class EditDistanceTests
{
    [Theory]
    [InlineData("retires", "retries", 2)]
    [InlineData("timeout", "timeout", 0)]
    [InlineData("", "abc", 3)]
    [InlineData("weigth", "weight", 2)]
    public void Counts_the_edits_between_two_names(string a, string b, int expected) =>
        Assert.Equal(expected, EditDistance.Between(a, b));

    [Fact]
    public void Suggests_nothing_when_no_candidate_is_close() =>
        Assert.Null(EditDistance.Closest("loadBalancer", ["service", "rules"]));

    [Fact]
    public void Suggests_the_closest_candidate() =>
        Assert.Equal("destinations", EditDistance.Closest("destination", ["match", "destinations", "timeout"]));
}
