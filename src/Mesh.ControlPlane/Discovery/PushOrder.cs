using Mesh.ControlPlane.Translation;

namespace Mesh.ControlPlane.Discovery;

/// <summary>
/// The order a config change is pushed in: clusters before endpoints before listeners before routes,
/// so a change never references something the client does not have yet.
/// </summary>
internal static class PushOrder
{
    private static readonly string[] Types =
    [
        TypeUrls.Cluster,
        TypeUrls.ClusterLoadAssignment,
        TypeUrls.Listener,
        TypeUrls.RouteConfiguration,
    ];

    /// <summary>Sorts <paramref name="items"/> in push order of their type URL.</summary>
    public static void Sort<T>(List<T> items, Func<T, string> typeUrl) =>
        items.Sort((a, b) => Rank(typeUrl(a)).CompareTo(Rank(typeUrl(b))));

    private static int Rank(string typeUrl)
    {
        var rank = Array.IndexOf(Types, typeUrl);
        return rank < 0 ? Types.Length : rank;
    }
}
