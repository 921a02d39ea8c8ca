using Envoy.Config.Route.V3;
using Microsoft.AspNetCore.Http;

namespace Mesh.Sdk.Routing;

/// <summary>One compiled xDS <c>HeaderMatcher</c>: a string match or a presence test, optionally inverted.</summary>
internal sealed class HeaderCondition
{
    private readonly string _name;
    private readonly StringCondition? _value;
    private readonly bool _mustBePresent;
    private readonly bool _invert;

    private HeaderCondition(string name, StringCondition? value, bool mustBePresent, bool invert)
    {
        _name = name;
        _value = value;
        _mustBePresent = mustBePresent;
        _invert = invert;
    }

    public static HeaderCondition? Compile(HeaderMatcher matcher, string field, out string? error)
    {
        error = null;
        if (matcher.Name.Length == 0)
        {
            error = $"{field} names no header.";
            return null;
        }

        switch (matcher.HeaderMatchSpecifierCase)
        {
            case HeaderMatcher.HeaderMatchSpecifierOneofCase.StringMatch:
                var value = StringCondition.Compile(matcher.StringMatch, $"{field}.string_match", out error);
                return value is null ? null : new HeaderCondition(matcher.Name, value, mustBePresent: true, matcher.InvertMatch);
            case HeaderMatcher.HeaderMatchSpecifierOneofCase.PresentMatch:
                return new HeaderCondition(matcher.Name, null, matcher.PresentMatch, matcher.InvertMatch);
            default:
                // Envoy treats a matcher with no specifier as "the header is present".
                return new HeaderCondition(matcher.Name, null, mustBePresent: true, matcher.InvertMatch);
        }
    }

    public bool Matches(HttpRequestMessage request) => Matches(RequestHeaders.TryGetValue(request, _name, out var value), value);

    /// <summary>Matches a request the server received, for faults <c>UseMesh()</c> injects.</summary>
    public bool Matches(HttpRequest request) => Matches(RequestHeaders.TryGetValue(request, _name, out var value), value);

    private bool Matches(bool present, string value)
    {
        var matched = _value is null ? present == _mustBePresent : present && _value.Matches(value);
        return matched != _invert;
    }
}
