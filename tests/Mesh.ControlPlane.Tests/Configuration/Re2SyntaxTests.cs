using Mesh.ControlPlane.Configuration.Binding;

namespace Mesh.ControlPlane.Tests.Configuration;

public sealed class Re2SyntaxTests
{
    [Theory]
    [InlineData(@"^/items/(?=[0-9])", "lookahead")]
    [InlineData(@"^/items/(?![0-9])", "negative lookahead")]
    [InlineData(@"(?<=/)items", "lookbehind")]
    [InlineData(@"(?<!/)items", "negative lookbehind")]
    [InlineData(@"^/(?>a+)b$", "atomic group")]
    [InlineData(@"^(a)\1$", @"backreference \1")]
    [InlineData(@"^(?<x>a)\k<x>$", "named backreference")]
    [InlineData(@"^/items\Z", @"anchor \Z")]
    [InlineData(@"^/(?(x)a|b)$", "conditional")]
    public void Refuses_constructs_RE2_does_not_support(string pattern, string construct)
    {
        var problem = RegexCheck.Problem("spec.rules[0].match.path.regex", pattern);

        Assert.NotNull(problem);
        Assert.Contains(construct, problem, StringComparison.Ordinal);
        Assert.Contains("RE2", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(@"^/items/[0-9]+$")]
    [InlineData(@"^/(?:api|v2)/.*")]
    [InlineData(@"^/(?<id>[a-z]+)$")]
    [InlineData(@"[\1(?=]x")]
    [InlineData(@"^\d+\.\d+$")]
    [InlineData(@"(?i)^/items")]
    public void Accepts_patterns_RE2_supports(string pattern)
    {
        Assert.Null(RegexCheck.Problem("spec.rules[0].match.path.regex", pattern));
    }
}
