using Mesh.Sdk.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mesh.Sdk.Security;

/// <summary>
/// This workload's certificate: fetched once the service's config names its trust domain and something needs
/// it (mTLS on for the server, or a call to an mTLS cluster), then renewed at half-life in the background.
/// Connections pick up the new certificate as they open; open ones keep the old one, still valid, so rotation
/// drops no call. A failed fetch is retried with backoff while the current certificate keeps serving.
/// </summary>
internal sealed class WorkloadIdentity : IAsyncDisposable, IDisposable
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(30);

    private readonly ServerSecuritySource _security;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CertificateFetcher? _fetcher;
    private readonly string _namespace;
    private readonly string? _serviceAccount;
    private readonly TimeSpan _firstWait;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource<WorkloadCertificate> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile WorkloadCertificate? _current;
    private Task? _loop;
    private volatile bool _servesInbound;
    private volatile string? _trustDomainHint;

    public WorkloadIdentity(ServerSecuritySource security, IOptions<MeshClientOptions> options, TimeProvider time, ILogger<WorkloadIdentity> logger)
    {
        var settings = options.Value;
        _security = security;
        _time = time;
        _logger = logger;
        _namespace = settings.Namespace;
        _serviceAccount = settings.ServiceAccount ?? settings.ServiceName;
        _firstWait = settings.ConfigWaitTimeout;
        if (security.Router.HasControlPlane && security.ListenerName is not null)
        {
            var router = security.Router;
            _fetcher = new CertificateFetcher(() => router.ActiveControlPlane, settings.TokenFile, time);
            security.Router.Changed += Wake;
        }
    }

    /// <summary>The certificate in use now, or null before the first one arrives.</summary>
    public WorkloadCertificate? Current => _current;

    /// <summary>Starts fetching, if not already, so a certificate is ready before it is needed.</summary>
    public void Demand()
    {
        if (_loop is not null || _fetcher is null)
        {
            return;
        }

        lock (_gate)
        {
            if (_loop is null)
            {
                _security.Follow();
                _loop = Task.Run(() => RunAsync(_stopping.Token));
            }
        }
    }

    /// <summary>
    /// The current certificate, waiting for the first one at most <c>ConfigWaitTimeout</c>. A workload that is
    /// no mesh service of its own (a job, a test client) learns the trust domain from <paramref name="trustDomainHint"/>,
    /// the one its upstream's SPIFFE ID names.
    /// </summary>
    public async ValueTask<WorkloadCertificate> GetAsync(CancellationToken cancellationToken, string? trustDomainHint = null)
    {
        if (trustDomainHint is not null && _trustDomainHint is null)
        {
            _trustDomainHint = trustDomainHint;
            Wake();
        }

        if (_current is { } current)
        {
            return current;
        }

        if (_fetcher is null)
        {
            throw new InvalidOperationException("this workload has no mesh identity: set Mesh:ControlPlane and Mesh:ServiceName");
        }

        Demand();
        try
        {
            return await _first.Task.WaitAsync(_firstWait, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException exception)
        {
            throw new TimeoutException($"no workload certificate within {_firstWait.TotalSeconds:0.#} s: check Mesh:TokenFile and the control plane's log", exception);
        }
    }

    /// <summary>Starts stopping without waiting, for containers disposed synchronously; <see cref="DisposeAsync"/> waits.</summary>
    public void Dispose() => _ = DisposeAsync().AsTask();

    public async ValueTask DisposeAsync()
    {
        _security.Router.Changed -= Wake;
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_loop is { } loop)
        {
            await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _fetcher?.Dispose();
        _stopping.Dispose();
    }

    /// <summary>Fetches as soon as the service's config turns mTLS on, so a server has its certificate before callers come.</summary>
    public void ServeInbound()
    {
        _servesInbound = true;
        Wake();
    }

    private void Wake()
    {
        if (_servesInbound && _security.Current is { Mode: not MtlsMode.Off })
        {
            Demand();
        }

        Interlocked.Exchange(ref _wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        var retry = FirstRetry;
        while (!stopping.IsCancellationRequested)
        {
            var wake = _wake.Task;
            if ((_security.Current?.TrustDomain ?? _trustDomainHint) is not { } trustDomain)
            {
                await wake.WaitAsync(stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }

            var identity = SpiffeIdentity.Format(trustDomain, _namespace, _serviceAccount!);
            TimeSpan delay;
            try
            {
                var fetched = await _fetcher!.FetchAsync(identity, stopping).ConfigureAwait(false);
                _current = fetched;
                _first.TrySetResult(fetched);
                Log.CertificateRotated(_logger, identity, fetched.NotAfter, fetched.RefreshAt);
                delay = fetched.RefreshAt - _time.GetUtcNow();
                retry = FirstRetry;
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stopping.IsCancellationRequested)
            {
                delay = retry;
                retry = retry * 2 < LastRetry ? retry * 2 : LastRetry;
                Log.CertificateFetchFailed(_logger, identity, exception.Message, (long)delay.TotalMilliseconds);
            }

            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, _time, stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}
