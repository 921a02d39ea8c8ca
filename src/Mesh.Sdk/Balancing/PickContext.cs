namespace Mesh.Sdk.Balancing;

/// <summary>
/// What a pick may depend on: the request's hash for ring_hash, and an endpoint a retry should avoid.
/// Ejected endpoints are skipped like the avoided one.
/// </summary>
/// <param name="RequestHash">The hash of the route's hash_policy header, or null when the request has none.</param>
/// <param name="Avoid">An endpoint to skip when any other can serve, typically the one that just failed.</param>
internal readonly record struct PickContext(ulong? RequestHash = null, EndpointState? Avoid = null)
{
    public static PickContext None => default;

    /// <summary>True when <paramref name="endpoint"/> should not take this call while another can.</summary>
    public bool Skips(EndpointState endpoint) => ReferenceEquals(endpoint, Avoid) || endpoint.IsEjected;
}
