using System.Diagnostics.CodeAnalysis;

namespace Mesh.ControlPlane.Identity;

/// <summary>A workload's SPIFFE ID in the mesh's form, <c>spiffe://TRUST-DOMAIN/ns/NAMESPACE/sa/ACCOUNT</c>.</summary>
internal sealed record SpiffeId(string TrustDomain, string Namespace, string ServiceAccount)
{
    public const string Scheme = "spiffe://";

    public override string ToString() => $"{Scheme}{TrustDomain}/ns/{Namespace}/sa/{ServiceAccount}";

    /// <summary>Parses <paramref name="text"/>, or says why it is not a mesh SPIFFE ID.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out SpiffeId? id, [NotNullWhen(false)] out string? error)
    {
        id = null;
        if (text is null || !text.StartsWith(Scheme, StringComparison.Ordinal))
        {
            error = $"'{text}' is not a SPIFFE ID: write spiffe://TRUST-DOMAIN/ns/NAMESPACE/sa/ACCOUNT";
            return false;
        }

        var parts = text[Scheme.Length..].Split('/');
        if (parts.Length != 5 || parts[1] != "ns" || parts[3] != "sa" || !IsLabel(parts[0]) || !IsLabel(parts[2]) || !IsLabel(parts[4]))
        {
            error = $"'{text}' is not a mesh SPIFFE ID: write spiffe://TRUST-DOMAIN/ns/NAMESPACE/sa/ACCOUNT with lower-case names";
            return false;
        }

        id = new SpiffeId(parts[0], parts[2], parts[4]);
        error = null;
        return true;
    }

    private static bool IsLabel(string value)
    {
        if (value.Length is 0 or > 253)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.' or '_'))
            {
                return false;
            }
        }

        return true;
    }
}
