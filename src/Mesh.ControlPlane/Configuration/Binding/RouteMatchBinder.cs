using System.Collections.Immutable;

namespace Mesh.ControlPlane.Configuration.Binding;

/// <summary>Binds <c>rules[].match</c>: path, method and headers.</summary>
internal static class RouteMatchBinder
{
    internal static readonly string[] Methods = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT"];

    public static RouteMatch? Bind(NodeReader rule)
    {
        var match = rule.Mapping("match", false, "path", "method", "headers");
        if (match is null)
        {
            return null;
        }

        var path = BindPath(match);
        var method = match.OneOf("method", false, Methods);
        return new RouteMatch(path, method, BindHeaders(match));
    }

    /// <summary>Binds the <c>headers</c> map of <paramref name="owner"/> (a route match or an access policy's <c>to[]</c>), keyed by lower-case name.</summary>
    public static ImmutableSortedDictionary<string, HeaderMatch> BindHeaders(NodeReader owner)
    {
        var headers = ImmutableSortedDictionary.CreateBuilder<string, HeaderMatch>(StringComparer.Ordinal);
        foreach (var entry in owner.Entries("headers"))
        {
            // Header names are case-insensitive on the wire; keys differing only in case would silently collide.
            var name = entry.Key.ToLowerInvariant();
            if (headers.ContainsKey(name))
            {
                owner.Scope.Error(entry.Node.Location, entry.Path, $"header '{entry.Key}' is matched twice (names ignore case); combine the two conditions");
            }
            else if (BindHeader(entry, owner.Scope) is { } header)
            {
                headers[name] = header;
            }
        }

        return headers.ToImmutable();
    }

    private static PathMatch? BindPath(NodeReader match)
    {
        var path = match.Mapping("path", false, "prefix", "exact", "regex");
        if (path is null)
        {
            return null;
        }

        var prefix = Rooted(path, "prefix");
        var exact = Rooted(path, "exact");
        var regex = Pattern(path, "regex");
        return path.ExactlyOne("prefix", "exact", "regex") ? new PathMatch(prefix, exact, regex) : null;
    }

    private static HeaderMatch? BindHeader(FieldNode entry, BindingScope scope)
    {
        var header = NodeReader.Open(entry.Node, entry.Path, scope, "exact", "prefix", "regex", "present");
        if (header is null)
        {
            return null;
        }

        var exact = header.String("exact");
        var prefix = header.String("prefix");
        var regex = Pattern(header, "regex");
        var present = header.Boolean("present");
        return header.ExactlyOne("exact", "prefix", "regex", "present") ? new HeaderMatch(exact, prefix, regex, present) : null;
    }

    private static string? Rooted(NodeReader path, string field)
    {
        var value = path.String(field);
        if (value is null || value.StartsWith('/'))
        {
            return value;
        }

        path.Error(field, $"{field} must start with '/', got '{value}'; write '/{value}'");
        return null;
    }

    private static string? Pattern(NodeReader reader, string field)
    {
        var value = reader.String(field);
        if (value is not null && RegexCheck.Problem(field, value) is { } problem)
        {
            reader.Error(field, problem);
            return null;
        }

        return value;
    }
}
