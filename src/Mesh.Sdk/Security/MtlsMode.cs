namespace Mesh.Sdk.Security;

/// <summary>The mesh's <c>spec.mtls</c>, as the control plane tells a server.</summary>
internal enum MtlsMode
{
    /// <summary>Plaintext; a TLS caller is still served when this workload has a certificate.</summary>
    Off,

    /// <summary>Plaintext and mTLS on the same port; mesh callers use mTLS.</summary>
    Permissive,

    /// <summary>mTLS only: a plaintext connection is closed.</summary>
    Strict,
}
