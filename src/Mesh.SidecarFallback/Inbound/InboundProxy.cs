using System.Globalization;
using Mesh.SidecarFallback.Forwarding;
using Microsoft.AspNetCore.Http.Features;

namespace Mesh.SidecarFallback.Inbound;

/// <summary>
/// The last step of the inbound pipeline: after the mesh's own inbound policy (<c>UseMesh()</c>) admitted the
/// request, it goes to the application on loopback with its Host, path and query unchanged.
/// </summary>
internal sealed class InboundProxy
{
    private readonly HttpForwarder _forwarder;
    private readonly string _appOrigin;

    public InboundProxy(HttpForwarder forwarder, int appPort)
    {
        _forwarder = forwarder;
        _appOrigin = "http://127.0.0.1:" + appPort.ToString(CultureInfo.InvariantCulture);
    }

    public Task InvokeAsync(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        var pathAndQuery = raw is { Length: > 0 } && raw[0] == '/' ? raw : context.Request.Path.Value + context.Request.QueryString.Value;
        return _forwarder.ForwardAsync(context, new Uri(_appOrigin + pathAndQuery), keepHost: true);
    }
}
