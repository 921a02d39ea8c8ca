using Mesh.Sdk.Resilience;

namespace Mesh.Sdk.Telemetry;

/// <summary>Each combination of <see cref="ResponseFlags"/> formatted once (<c>UF,URX</c>), for tags that must not allocate per call.</summary>
internal static class ResponseFlagsText
{
    private static readonly string?[] Texts = new string?[(int)ResponseFlags.RateLimited << 1];

    /// <summary>The flags as Envoy prints them, or null for none.</summary>
    public static string? Of(ResponseFlags flags)
    {
        if (flags == ResponseFlags.None)
        {
            return null;
        }

        var index = (int)flags;
        return (uint)index < (uint)Texts.Length
            ? Texts[index] ??= ResponseFlagsFormat.Format(flags)
            : ResponseFlagsFormat.Format(flags);
    }
}
