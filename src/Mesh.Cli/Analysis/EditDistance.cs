namespace Mesh.Cli.Analysis;

/// <summary>Levenshtein distance ignoring case (a wrong case counts as a typo of the right name), to suggest the name a typo was meant to be.</summary>
internal static class EditDistance
{
    public static int Between(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    /// <summary>The candidate closest to <paramref name="typed"/>, when it is close enough to be a typo of it.</summary>
    public static string? Closest(string typed, IEnumerable<string> candidates)
    {
        var allowed = Math.Max(2, typed.Length / 3);
        return candidates
            .Where(c => c != typed)
            .Select(c => (Name: c, Distance: Between(typed, c)))
            .Where(c => c.Distance <= allowed)
            .OrderBy(c => c.Distance)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => c.Name)
            .FirstOrDefault();
    }
}
