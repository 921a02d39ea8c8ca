namespace Mesh.ControlPlane.Configuration.Binding;

/// <summary>
/// Finds the .NET regex constructs that RE2 rejects. Route regexes travel in xDS as <c>safe_regex</c>,
/// which Envoy and gRPC clients compile with RE2: a pattern only .NET understands would be accepted
/// here and fail in every client, so it is refused up front.
/// </summary>
internal static class Re2Syntax
{
    /// <summary>The first unsupported construct in <paramref name="pattern"/>, or null when RE2 accepts it.</summary>
    public static string? UnsupportedConstruct(string pattern)
    {
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var next = pattern[++i];
                if (!inClass && next is >= '1' and <= '9')
                {
                    return $"the backreference \\{next}";
                }

                if (!inClass && next is 'k' or 'G' or 'Z')
                {
                    return next == 'k' ? "a named backreference \\k" : $"the anchor \\{next}";
                }

                continue;
            }

            if (inClass)
            {
                inClass = c != ']';
                continue;
            }

            if (c == '[')
            {
                inClass = true;
                if (i + 1 < pattern.Length && pattern[i + 1] == ']')
                {
                    i++;
                }

                continue;
            }

            if (c == '(' && i + 2 < pattern.Length && pattern[i + 1] == '?')
            {
                var group = GroupKind(pattern.AsSpan(i + 2));
                if (group is not null)
                {
                    return group;
                }
            }
        }

        return null;
    }

    private static string? GroupKind(ReadOnlySpan<char> rest) => rest switch
    {
        ['=', ..] => "a lookahead (?=...)",
        ['!', ..] => "a negative lookahead (?!...)",
        ['<', '=', ..] => "a lookbehind (?<=...)",
        ['<', '!', ..] => "a negative lookbehind (?<!...)",
        ['>', ..] => "an atomic group (?>...)",
        ['(', ..] => "a conditional (?(...)",
        ['#', ..] => "an inline comment (?#...)",
        _ => null,
    };
}
