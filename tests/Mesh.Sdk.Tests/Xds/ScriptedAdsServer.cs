using System.Globalization;
using System.Net;
using Envoy.Service.Discovery.V3;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Mesh.Xds;
using Mesh.Xds.Grpc;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Mesh.Sdk.Tests.Xds;

/// <summary>
/// A tiny ADS server on our gRPC server (Kestrel h2c, loopback port 0) that serves exactly the resources a
/// test puts in it, answers every request that changes the names asked for, and records every request.
/// It can push whatever it holds, valid or not, which mesh-cp never would.
/// </summary>
internal sealed class ScriptedAdsServer : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Dictionary<string, Any>> _resources = [];
    private readonly Dictionary<string, string[]> _subscribed = [];
    private readonly List<DiscoveryRequest> _requests = [];
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private WebApplication? _app;
    private IServerStreamWriter<DiscoveryResponse>? _responses;
    private CancellationTokenSource? _streamEnd;
    private TaskCompletionSource _requestArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<DiscoveryResponse> _held = [];
    private int _version;
    private int _streams;

    public Uri Address { get; private set; } = null!;

    /// <summary>Streams opened so far.</summary>
    public int StreamCount => Volatile.Read(ref _streams);

    /// <summary>
    /// Responses wait until this many requests have arrived, then go out in order: a response that answers
    /// an early request reaches the client only after it sent later ones, as on a busy network.
    /// </summary>
    public int HoldResponsesUntilRequest { get; set; }

    /// <summary>When set, every new stream fails at once with Unavailable.</summary>
    public bool FailStreams { get; set; }

    public static async Task<ScriptedAdsServer> StartAsync()
    {
        var server = new ScriptedAdsServer();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpcServer();
        var app = builder.Build();
        app.MapGrpcDuplexStreaming(AdsMethods.StreamAggregatedResources, server.StreamAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server._app = app;
        server.Address = new Uri(address);
        return server;
    }

    /// <summary>Holds <paramref name="resource"/> (replacing one of the same name) for the next response of its type.</summary>
    public void Set(string name, IMessage resource)
    {
        var any = Any.Pack(resource);
        lock (_gate)
        {
            if (!_resources.TryGetValue(any.TypeUrl, out var ofType))
            {
                _resources[any.TypeUrl] = ofType = [];
            }

            ofType[name] = any;
        }
    }

    /// <summary>Stops holding the resource of <paramref name="typeUrl"/> called <paramref name="name"/>.</summary>
    public void Remove(string typeUrl, string name)
    {
        lock (_gate)
        {
            _resources.GetValueOrDefault(typeUrl)?.Remove(name);
        }
    }

    /// <summary>Sends what it holds of <paramref name="typeUrl"/> for the names last asked for, as a config push would.</summary>
    public async Task PushAsync(string typeUrl) => await WriteAsync([Response(typeUrl)]);

    public IReadOnlyList<DiscoveryRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Waits for the first request (from <paramref name="skip"/> on) that satisfies <paramref name="match"/>.</summary>
    public async Task<DiscoveryRequest> WaitForRequestAsync(Func<DiscoveryRequest, bool> match, TimeSpan timeout, int skip = 0)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            Task arrived;
            lock (_gate)
            {
                foreach (var request in _requests.Skip(skip))
                {
                    if (match(request))
                    {
                        return request;
                    }
                }

                arrived = _requestArrived.Task;
            }

            try
            {
                await arrived.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No matching request within {timeout}. Requests:\n{string.Join("\n", Requests)}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _writeLock.Dispose();
    }

    private async Task StreamAsync(IAsyncStreamReader<DiscoveryRequest> requests, IServerStreamWriter<DiscoveryResponse> responses, ServerCallContext context)
    {
        Interlocked.Increment(ref _streams);
        if (FailStreams)
        {
            throw new RpcException(new Mesh.Xds.Grpc.Status(StatusCode.Unavailable, "scripted failure"));
        }

        using var end = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        lock (_gate)
        {
            _responses = responses;
            _streamEnd = end;
            _subscribed.Clear();
        }

        while (await NextAsync(requests, end.Token, context.CancellationToken))
        {
            var request = requests.Current;
            bool changed;
            TaskCompletionSource arrived;
            lock (_gate)
            {
                _requests.Add(request);
                arrived = _requestArrived;
                _requestArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var names = request.ResourceNames.Order(StringComparer.Ordinal).ToArray();
                changed = !_subscribed.TryGetValue(request.TypeUrl, out var previous) || !previous.SequenceEqual(names);
                _subscribed[request.TypeUrl] = names;
            }

            arrived.TrySetResult();
            if (changed)
            {
                await AnswerAsync(Response(request.TypeUrl));
            }
        }
    }

    /// <summary>Ends the open stream with Unavailable, as a control plane going away would.</summary>
    public async Task RestartStreamsAsync()
    {
        CancellationTokenSource? end;
        lock (_gate)
        {
            end = _streamEnd;
        }

        await end!.CancelAsync();
    }

    private static async Task<bool> NextAsync(IAsyncStreamReader<DiscoveryRequest> requests, CancellationToken end, CancellationToken call)
    {
        try
        {
            return await requests.MoveNext(end);
        }
        catch (OperationCanceledException) when (!call.IsCancellationRequested)
        {
            throw new RpcException(new Mesh.Xds.Grpc.Status(StatusCode.Unavailable, "stream ended by the test"));
        }
    }

    private async Task AnswerAsync(DiscoveryResponse response)
    {
        List<DiscoveryResponse> due;
        lock (_gate)
        {
            _held.Add(response);
            if (_requests.Count < HoldResponsesUntilRequest)
            {
                return;
            }

            due = [.. _held];
            _held.Clear();
        }

        await WriteAsync(due);
    }

    private async Task WriteAsync(IEnumerable<DiscoveryResponse> responses)
    {
        await _writeLock.WaitAsync();
        try
        {
            foreach (var response in responses)
            {
                await _responses!.WriteAsync(response);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private DiscoveryResponse Response(string typeUrl)
    {
        lock (_gate)
        {
            _version++;
            var response = new DiscoveryResponse
            {
                TypeUrl = typeUrl,
                VersionInfo = "v" + _version.ToString(CultureInfo.InvariantCulture),
                Nonce = "n" + _version.ToString(CultureInfo.InvariantCulture),
            };
            var names = _subscribed.GetValueOrDefault(typeUrl) ?? [];
            var held = _resources.GetValueOrDefault(typeUrl) ?? [];
            foreach (var name in names)
            {
                if (held.TryGetValue(name, out var resource))
                {
                    response.Resources.Add(resource);
                }
            }

            return response;
        }
    }
}
