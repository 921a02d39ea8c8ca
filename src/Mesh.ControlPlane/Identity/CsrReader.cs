using System.Collections.Immutable;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mesh.ControlPlane.Identity;

/// <summary>Reads a PKCS#10 request: checks its signature and takes its public key and URI SANs.</summary>
internal static class CsrReader
{
    private const string SubjectAltNameOid = "2.5.29.17";

    // GeneralName ::= CHOICE { ..., uniformResourceIdentifier [6] IA5String, ... } (RFC 5280).
    private static readonly Asn1Tag UriTag = new(TagClass.ContextSpecific, 6);

    /// <summary>The request in <paramref name="pem"/>, or an error saying what is wrong with it.</summary>
    public static (CertificateRequest? Request, ImmutableArray<string> Uris, string? Error) Read(string pem)
    {
        CertificateRequest request;
        try
        {
            // Extensions are loaded only to read the requested SAN; the CA writes every extension of the
            // certificate itself, so nothing else the caller put in the request reaches it.
            request = CertificateRequest.LoadSigningRequestPem(
                pem, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions);
        }
        catch (CryptographicException exception)
        {
            return (null, [], $"csr_pem is not a PEM certificate request with a valid signature: {exception.Message}");
        }
        catch (ArgumentException exception)
        {
            return (null, [], $"csr_pem is not a PEM certificate request: {exception.Message}");
        }

        if (request.PublicKey.Oid.Value != "1.2.840.10045.2.1")
        {
            return (null, [], "the request's key is not an ECDSA key; workloads use ECDSA P-256");
        }

        var uris = ImmutableArray.CreateBuilder<string>();
        foreach (var extension in request.CertificateExtensions)
        {
            if (extension.Oid?.Value == SubjectAltNameOid)
            {
                try
                {
                    ReadUris(extension.RawData, uris);
                }
                catch (AsnContentException exception)
                {
                    return (null, [], $"the request's subjectAltName does not decode: {exception.Message}");
                }
            }
        }

        return (request, uris.ToImmutable(), null);
    }

    private static void ReadUris(byte[] der, ImmutableArray<string>.Builder uris)
    {
        var reader = new AsnReader(der, AsnEncodingRules.DER);
        var names = reader.ReadSequence();
        while (names.HasData)
        {
            var tag = names.PeekTag();
            if (tag.HasSameClassAndValue(UriTag))
            {
                uris.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, UriTag));
            }
            else
            {
                names.ReadEncodedValue();
            }
        }
    }
}
