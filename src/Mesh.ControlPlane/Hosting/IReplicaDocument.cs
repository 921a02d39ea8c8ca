namespace Mesh.ControlPlane.Hosting;

/// <summary>A peer's answer that names the replica it came from, so <see cref="ReplicaPeers"/> can drop the one a replica sent itself.</summary>
internal interface IReplicaDocument
{
    /// <summary>The answering process's <see cref="ReplicaPeers.Replica"/>.</summary>
    string Replica { get; }
}
