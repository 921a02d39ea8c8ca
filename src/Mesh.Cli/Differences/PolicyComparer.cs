namespace Mesh.Cli.Differences;

/// <summary>Compares two environments' flattened policies resource by resource, field by field.</summary>
internal static class PolicyComparer
{
    public static IReadOnlyList<PolicyDifference> Compare(IReadOnlyList<PolicyResource> from, IReadOnlyList<PolicyResource> to)
    {
        var before = from.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var after = to.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var differences = new List<PolicyDifference>();
        foreach (var id in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
        {
            before.TryGetValue(id, out var a);
            after.TryGetValue(id, out var b);
            if (a is null || b is null)
            {
                var only = (a ?? b)!;
                differences.Add(new PolicyDifference(a is null ? PolicyDifference.Added : PolicyDifference.Removed, only.Kind, only.Name, null, null, null));
                continue;
            }

            foreach (var field in a.Fields.Keys.Union(b.Fields.Keys).Order(FieldPathComparer.Instance))
            {
                var x = a.Fields.GetValueOrDefault(field);
                var y = b.Fields.GetValueOrDefault(field);
                if (x != y)
                {
                    differences.Add(new PolicyDifference(PolicyDifference.Changed, a.Kind, a.Name, field, x, y));
                }
            }
        }

        return differences;
    }
}
