namespace Mesh.Sdk.Balancing;

/// <summary>
/// An immutable load-balancing policy over a fixed set of endpoints. Rebuilt whenever the set changes,
/// so a pick reads only immutable arrays and at most an interlocked counter: no locks, no allocations.
/// </summary>
internal interface IEndpointPicker
{
    /// <summary>
    /// An endpoint for this call that <see cref="PickContext.Skips"/> does not skip whenever one exists
    /// (else one other than <see cref="PickContext.Avoid"/>); null only when the set is empty.
    /// </summary>
    EndpointState? Pick(in PickContext context);
}
