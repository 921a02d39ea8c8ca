using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace Mesh.Sdk.Security;

/// <summary>SPIFFE IDs as workload certificates carry them: the one URI SAN, <c>spiffe://TRUST-DOMAIN/ns/NS/sa/SA</c>.</summary>
internal static class SpiffeIdentity
{
    public const string Scheme = "spiffe://";
    private const string SubjectAltNameOid = "2.5.29.17";
    private static readonly Asn1Tag UriTag = new(TagClass.ContextSpecific, 6);

    /// <summary>This workload's SPIFFE ID.</summary>
    public static string Format(string trustDomain, string ns, string serviceAccount) =>
        $"{Scheme}{trustDomain}/ns/{ns}/sa/{serviceAccount}";

    /// <summary>The trust domain of <paramref name="id"/>, or null when it is no SPIFFE ID.</summary>
    public static string? TrustDomainOf(string id)
    {
        if (!id.StartsWith(Scheme, StringComparison.Ordinal))
        {
            return null;
        }

        var end = id.IndexOf('/', Scheme.Length);
        return end < 0 ? id[Scheme.Length..] : id[Scheme.Length..end];
    }

    /// <summary>The certificate's SPIFFE ID, or null unless it has exactly one URI SAN and that is a SPIFFE ID.</summary>
    public static string? Of(X509Certificate2 certificate)
    {
        string? found = null;
        var count = 0;
        foreach (var extension in certificate.Extensions)
        {
            if (extension.Oid?.Value != SubjectAltNameOid)
            {
                continue;
            }

            try
            {
                var names = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
                while (names.HasData)
                {
                    if (names.PeekTag().HasSameClassAndValue(UriTag))
                    {
                        found = names.ReadCharacterString(UniversalTagNumber.IA5String, UriTag);
                        count++;
                    }
                    else
                    {
                        names.ReadEncodedValue();
                    }
                }
            }
            catch (AsnContentException)
            {
                return null;
            }
        }

        return count == 1 && found!.StartsWith(Scheme, StringComparison.Ordinal) ? found : null;
    }
}
