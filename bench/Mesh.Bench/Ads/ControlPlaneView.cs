using Mesh.Testing;

namespace Mesh.Bench.Ads;

/// <summary>The control plane's own count of connected clients, from its admin API, to cross-check what the clients saw.</summary>
internal sealed record ControlPlaneView(int Connected, int InSync)
{
    /// <summary>Reads <c>GET /clients</c>: how many are connected and how many have ACKed the last <paramref name="typeUrl"/> sent.</summary>
    public static async Task<ControlPlaneView> ReadAsync(ControlPlaneProcess controlPlane, string typeUrl)
    {
        var clients = await controlPlane.GetJsonAsync("/clients");
        var inSync = 0;
        foreach (var client in clients.EnumerateArray())
        {
            foreach (var type in client.GetProperty("types").EnumerateArray())
            {
                if (type.GetProperty("typeUrl").GetString() == typeUrl && type.GetProperty("inSync").GetBoolean())
                {
                    inSync++;
                }
            }
        }

        return new ControlPlaneView(clients.GetArrayLength(), inSync);
    }
}
