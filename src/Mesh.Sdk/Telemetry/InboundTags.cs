using Mesh.Sdk.Resilience;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Mesh.Sdk.Telemetry;

/// <summary>
/// Adds this service's mesh tags to ASP.NET Core's own <c>http.server.request.duration</c> through
/// <see cref="IHttpMetricsTagsFeature"/>, rather than recording server latency a second time. The feature is
/// only there while someone listens, so untagged requests cost one feature lookup.
/// </summary>
internal sealed class InboundTags
{
    private readonly string? _service;
    private readonly string? _namespace;

    /// <param name="listenerName">This service's listener, <c>name.namespace</c>; null when the service has no name.</param>
    public InboundTags(string? listenerName)
    {
        if (listenerName is null)
        {
            return;
        }

        var dot = listenerName.IndexOf('.', StringComparison.Ordinal);
        _service = dot < 0 ? listenerName : listenerName[..dot];
        _namespace = dot < 0 ? null : listenerName[(dot + 1)..];
    }

    /// <summary>Tags the request with this service, and with <paramref name="flags"/> when the mesh answered or delayed it.</summary>
    public void Tag(HttpContext context, ResponseFlags flags = ResponseFlags.None)
    {
        if (context.Features.Get<IHttpMetricsTagsFeature>() is not { } feature)
        {
            return;
        }

        var tags = feature.Tags;
        if (flags != ResponseFlags.None)
        {
            tags.Add(new(MeshAttributes.ResponseFlags, ResponseFlagsText.Of(flags)));
            return;
        }

        if (_service is not null)
        {
            tags.Add(new(MeshAttributes.Service, _service));
            tags.Add(new(MeshAttributes.Namespace, _namespace));
        }
    }
}
