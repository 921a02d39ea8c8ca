namespace Mesh.Sdk.Balancing;

/// <summary>
/// An immutable load-balancing policy over a fixed set of endpoints. Rebuilt whenever the set changes,
/// so a pick reads only immutable arrays and at most an interlocked counter: no locks, no allocations.
/// </summary>
internal interface IEndpointPicker
{
    /// <summary>
    /// An endpoint for this call, other than <see cref="PickContext.Avoid"/> whenever another exists;
    /// null only when the set is empty.
    /// </summary>
    EndpointState? Pick(in PickContext context);
}
