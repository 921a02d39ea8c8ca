using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace Mesh.SidecarFallback.Forwarding;

/// <summary>
/// Forwards one request received by Kestrel to <c>destination</c> through an <see cref="HttpMessageInvoker"/>
/// and copies the answer back: headers without hop-by-hop ones, bodies streamed both ways chunk by chunk,
/// response trailers (gRPC's <c>grpc-status</c>), and HTTP/1.1 upgrades (WebSocket) as an opaque duplex tunnel.
/// </summary>
internal sealed class HttpForwarder
{
    private const int BufferSize = 16 * 1024;
    private const string HostHeader = "Host";

    private readonly HttpMessageInvoker _invoker;
    private readonly ILogger _logger;

    public HttpForwarder(HttpMessageInvoker invoker, ILogger logger)
    {
        _invoker = invoker;
        _logger = logger;
    }

    /// <summary>Forwards the request in <paramref name="context"/> to <paramref name="destination"/>.</summary>
    /// <param name="context">The request as Kestrel received it.</param>
    /// <param name="destination">The absolute URI to send it to.</param>
    /// <param name="keepHost">Whether the caller's <c>Host</c> goes upstream (inbound) or the destination's (outbound).</param>
    public async Task ForwardAsync(HttpContext context, Uri destination, bool keepHost)
    {
        var upgrade = context.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true } feature ? feature : null;
        using var upstream = CreateRequest(context, destination, keepHost, upgrade is not null);
        var content = upstream.Content as StreamingRequestContent;
        var aborted = context.RequestAborted;

        HttpResponseMessage response;
        try
        {
            response = await _invoker.SendAsync(upstream, aborted).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException or IOException)
        {
            await FailAsync(context, destination, content, exception).ConfigureAwait(false);
            return;
        }

        using (response)
        {
            if (upgrade is not null && response.StatusCode == HttpStatusCode.SwitchingProtocols &&
                upstream.Options.TryGetValue(UpgradeCapture.UpgradedStream, out var tunnel))
            {
                await TunnelAsync(context, upgrade, response, tunnel).ConfigureAwait(false);
                return;
            }

            await CopyResponseAsync(context, response, aborted).ConfigureAwait(false);
            if (content is not null && !content.Sent.IsCompleted)
            {
                // The answer is complete; a body still arriving from the caller has nowhere to go.
                context.Abort();
            }
        }
    }

    private static HttpRequestMessage CreateRequest(HttpContext context, Uri destination, bool keepHost, bool upgrade)
    {
        var request = context.Request;
        var upstream = new HttpRequestMessage(HttpMethod.Parse(request.Method), destination)
        {
            Version = UpstreamVersion(request),
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        if (!upgrade && HasBody(context))
        {
            upstream.Content = new StreamingRequestContent(request);
        }

        var headers = request.Headers;
        var connection = headers.Connection;
        foreach (var (name, values) in headers)
        {
            if (name.Length == 0 || name[0] == ':')
            {
                continue;
            }

            if (name.Equals(HostHeader, StringComparison.OrdinalIgnoreCase))
            {
                if (keepHost)
                {
                    upstream.Headers.TryAddWithoutValidation(HostHeader, values.ToString());
                }

                continue;
            }

            if (HopByHopHeaders.IsHopByHop(name) || HopByHopHeaders.IsNamedBy(connection, name))
            {
                if (name.Equals("TE", StringComparison.OrdinalIgnoreCase) && HopByHopHeaders.AsksForTrailers(values))
                {
                    upstream.Headers.TryAddWithoutValidation(name, HopByHopHeaders.TrailersValue);
                }

                continue;
            }

            if (!AddHeader(upstream.Headers, name, values) && upstream.Content is { } body)
            {
                AddHeader(body.Headers, name, values);
            }
        }

        if (upgrade)
        {
            upstream.Headers.TryAddWithoutValidation("Connection", UpgradeCapture.UpgradeHeader);
            upstream.Headers.TryAddWithoutValidation(UpgradeCapture.UpgradeHeader, (IEnumerable<string>)headers[UpgradeCapture.UpgradeHeader]);
        }

        ForwardedHeaders.Add(context, upstream);
        return upstream;
    }

    // The single-value overload avoids boxing StringValues into an enumerable for the common one-value header.
    private static bool AddHeader(HttpHeaders headers, string name, StringValues values) =>
        values.Count == 1
            ? headers.TryAddWithoutValidation(name, values.ToString())
            : headers.TryAddWithoutValidation(name, (IEnumerable<string>)values);

    // gRPC needs HTTP/2 end to end (trailers); anything else goes as HTTP/1.1, which every server speaks in
    // cleartext, so an HTTP/2 caller can reach an HTTP/1.1-only application or service.
    private static Version UpstreamVersion(HttpRequest request) =>
        HttpProtocol.IsHttp2(request.Protocol) && request.ContentType is { } type && type.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase)
            ? HttpVersion.Version20
            : HttpVersion.Version11;

    // HTTP/2 says so per stream; HTTP/1.1 by Content-Length or chunked transfer coding.
    private static bool HasBody(HttpContext context) =>
        context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? context.Request.ContentLength > 0;

    private static async Task CopyResponseAsync(HttpContext context, HttpResponseMessage response, CancellationToken aborted)
    {
        var downstream = context.Response;
        downstream.StatusCode = (int)response.StatusCode;
        CopyHeaders(response.Headers, downstream.Headers);
        CopyHeaders(response.Content.Headers, downstream.Headers);

        var stream = await response.Content.ReadAsStreamAsync(aborted).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
            try
            {
                int read;
                while ((read = await stream.ReadAsync(buffer, aborted).ConfigureAwait(false)) > 0)
                {
                    await downstream.Body.WriteAsync(buffer.AsMemory(0, read), aborted).ConfigureAwait(false);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        if (response.TrailingHeaders is { } trailers && downstream.SupportsTrailers())
        {
            foreach (var (name, values) in trailers.NonValidated)
            {
                downstream.AppendTrailer(name, ToStringValues(values));
            }
        }
    }

    private static void CopyHeaders(HttpHeaders from, IHeaderDictionary to)
    {
        var connection = from.NonValidated.TryGetValues("Connection", out var named) ? ToStringValues(named) : StringValues.Empty;
        foreach (var (name, values) in from.NonValidated)
        {
            if (HopByHopHeaders.IsHopByHop(name) || HopByHopHeaders.IsNamedBy(connection, name))
            {
                continue;
            }

            to[name] = ToStringValues(values);
        }
    }

    private static StringValues ToStringValues(HeaderStringValues values)
    {
        if (values.Count == 1)
        {
            return values.ToString();
        }

        var array = new string[values.Count];
        var index = 0;
        foreach (var value in values)
        {
            array[index++] = value;
        }

        return array;
    }

    private async Task TunnelAsync(HttpContext context, IHttpUpgradeFeature upgrade, HttpResponseMessage response, Stream upstream)
    {
        CopyHeaders(response.Headers, context.Response.Headers);
        context.Response.Headers[UpgradeCapture.UpgradeHeader] = response.Headers.NonValidated.TryGetValues(UpgradeCapture.UpgradeHeader, out var protocol) ? ToStringValues(protocol) : StringValues.Empty;
        var downstream = await upgrade.UpgradeAsync().ConfigureAwait(false);
        Log.Upgraded(_logger, context.Request.Host.Value ?? string.Empty, context.Request.Path);
        await using (upstream.ConfigureAwait(false))
        await using (downstream.ConfigureAwait(false))
        {
            using var done = new CancellationTokenSource();
            var up = PumpAsync(downstream, upstream, done.Token);
            var down = PumpAsync(upstream, downstream, done.Token);
            await Task.WhenAny(up, down).ConfigureAwait(false);
            await done.CancelAsync().ConfigureAwait(false);
        }
    }

    // Either side closing ends the tunnel; the other direction is cut when both streams are disposed.
    private static async Task PumpAsync(Stream from, Stream to, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                await to.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The tunnel is over either way.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task FailAsync(HttpContext context, Uri destination, StreamingRequestContent? content, Exception exception)
    {
        var response = context.Response;
        if (context.RequestAborted.IsCancellationRequested)
        {
            Log.CallerGone(_logger, destination);
            return;
        }

        if (response.HasStarted)
        {
            context.Abort();
            return;
        }

        if (content?.CallerFault is { } fault)
        {
            Log.BadRequestBody(_logger, destination, fault.Message);
            await WriteErrorAsync(response, fault.StatusCode, $"mesh-sidecar: the request body could not be read: {fault.Message}").ConfigureAwait(false);
            return;
        }

        var timedOut = exception is OperationCanceledException;
        Log.UpstreamFailed(_logger, destination, exception.Message);
        await WriteErrorAsync(
            response,
            timedOut ? StatusCodes.Status504GatewayTimeout : StatusCodes.Status502BadGateway,
            timedOut
                ? $"mesh-sidecar: {destination.Authority} did not answer in time."
                : $"mesh-sidecar: could not reach {destination.Authority}: {exception.Message}").ConfigureAwait(false);
    }

    /// <summary>Answers the caller with a plain-text error of the sidecar's own.</summary>
    public static Task WriteErrorAsync(HttpResponse response, int status, string message)
    {
        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        return response.WriteAsync(message + "\n");
    }
}
