namespace Mesh.Sdk.Tests.Resilience;

/// <summary>
/// A real Kestrel server on 127.0.0.1:0 that answers with its name and a status the test sets, and can
/// hold response bodies open after the headers went out.
/// </summary>
internal sealed class ScriptedUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;
    private int _stopped;
    private volatile TaskCompletionSource? _bodyGate;

    private ScriptedUpstream(WebApplication app, string name, int port)
    {
        _app = app;
        Name = name;
        Port = port;
    }

    public string Name { get; }

    public int Port { get; }

    public string Address => $"127.0.0.1:{Port}";

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>The status every response gets.</summary>
    public int Status { get; set; } = 200;

    /// <summary>How long the upstream waits before sending headers.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Sends <c>Content-Length</c> with each response instead of a chunked body.</summary>
    public bool KnownLength { get; set; }

    /// <summary>The last request's headers, as the upstream saw them.</summary>
    public IHeaderDictionary? LastHeaders { get; private set; }

    public static async Task<ScriptedUpstream> StartAsync(string name)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        ScriptedUpstream? upstream = null;
        app.Run(async context =>
        {
            var self = upstream!;
            Interlocked.Increment(ref self._requests);
            self.LastHeaders = new HeaderDictionary(context.Request.Headers.ToDictionary(header => header.Key, header => header.Value, StringComparer.OrdinalIgnoreCase));
            if (self.Delay > TimeSpan.Zero)
            {
                await Task.Delay(self.Delay, context.RequestAborted);
            }

            context.Response.StatusCode = self.Status;
            if (self.KnownLength)
            {
                context.Response.ContentLength = self.Name.Length;
            }
            if (self._bodyGate is { } gate)
            {
                await context.Response.Body.FlushAsync(context.RequestAborted);
                await gate.Task.WaitAsync(context.RequestAborted);
            }

            await context.Response.WriteAsync(self.Name, context.RequestAborted);
        });
        await app.StartAsync();
        upstream = new ScriptedUpstream(app, name, new Uri(app.Urls.First()).Port);
        return upstream;
    }

    /// <summary>From now on bodies wait after the headers until <see cref="ReleaseBodies"/>.</summary>
    public void HoldBodies() => _bodyGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void ReleaseBodies() => Interlocked.Exchange(ref _bodyGate, null)?.TrySetResult();

    /// <summary>Stops the server: new connections are refused from here on.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            ReleaseBodies();
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());
}
