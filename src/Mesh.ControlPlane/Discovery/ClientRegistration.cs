namespace Mesh.ControlPlane.Discovery;

/// <summary>A session's entry in the <see cref="XdsClientRegistry"/>; disposing it removes the client.</summary>
internal sealed class ClientRegistration : IDisposable
{
    private readonly XdsClientRegistry _registry;
    private XdsClientStatus _status;

    public ClientRegistration(XdsClientRegistry registry, XdsClientStatus status)
    {
        _registry = registry;
        _status = status;
    }

    public XdsClientStatus Status => Volatile.Read(ref _status);

    /// <summary>Replaces the client's status; the id stays the same.</summary>
    public void Update(IReadOnlyList<XdsTypeStatus> types) =>
        Volatile.Write(ref _status, _status with { Types = types });

    public void RecordNack(string typeUrl, XdsNack nack) =>
        _registry.RecordNack(new XdsRecentNack(_status.NodeId, typeUrl, nack));

    public void Dispose() => _registry.Remove(this);
}
