using Mesh.Xds.Grpc;

namespace Mesh.Sdk.Security;

/// <summary>
/// The token this workload presents to the control plane (<c>Mesh:TokenFile</c>): a mesh workload token or a
/// Kubernetes projected service-account token. Read afresh for every call, since Kubernetes rotates the file.
/// </summary>
internal static class WorkloadToken
{
    /// <summary>The token in <paramref name="file"/>, or null without a file or when it cannot be read.</summary>
    public static string? Read(string? file)
    {
        if (file is null)
        {
            return null;
        }

        try
        {
            var token = File.ReadAllText(file).Trim();
            return token.Length == 0 ? null : token;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary><c>authorization: Bearer TOKEN</c> for a gRPC call, or null without a token.</summary>
    public static Metadata? Headers(string? file)
    {
        if (Read(file) is not { } token)
        {
            return null;
        }

        var headers = new Metadata();
        headers.Add("authorization", "Bearer " + token);
        return headers;
    }
}
