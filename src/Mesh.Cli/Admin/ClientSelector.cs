namespace Mesh.Cli.Admin;

/// <summary>Finds the clients a user means: an exact node id, else the node ids that start with what was typed.</summary>
internal static class ClientSelector
{
    public static IReadOnlyList<ClientInfo> Select(IReadOnlyList<ClientInfo> clients, string nodeIdOrPrefix)
    {
        var exact = clients.Where(c => c.NodeId == nodeIdOrPrefix).ToList();
        return exact.Count > 0
            ? exact
            : clients.Where(c => c.NodeId.StartsWith(nodeIdOrPrefix, StringComparison.Ordinal)).ToList();
    }
}
