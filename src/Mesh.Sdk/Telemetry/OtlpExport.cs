using Mesh.Sdk.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Mesh.Sdk.Telemetry;

/// <summary>
/// Exports the mesh's metrics and spans, with .NET's HTTP client and ASP.NET Core's server telemetry, over OTLP
/// when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (environment or configuration); does nothing otherwise. The
/// providers live from host start to host stop, which flushes them. Spans are sampled by <see cref="MeshSampler"/>:
/// the caller's decision, else the mesh's <c>tracing.samplingPercent</c>.
/// </summary>
internal sealed class OtlpExport : IHostedService, IDisposable
{
    public const string EndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string ProtocolKey = "OTEL_EXPORTER_OTLP_PROTOCOL";
    public const string ServiceNameKey = "OTEL_SERVICE_NAME";
    public const string ExportIntervalKey = "OTEL_METRIC_EXPORT_INTERVAL";

    private static readonly string[] Meters = [MeshTelemetry.MeterName, "System.Net.Http", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel"];
    private static readonly string[] Sources = [MeshTelemetry.ActivitySourceName, "Microsoft.AspNetCore"];

    private readonly IConfiguration _configuration;
    private readonly MeshClientOptions _options;
    private readonly MeshSampler _sampler;
    private readonly ILogger _logger;
    private MeterProvider? _meters;
    private TracerProvider? _tracer;

    public OtlpExport(IConfiguration configuration, IOptions<MeshClientOptions> options, MeshRouter router, Security.ServerSecuritySource security, ILogger<OtlpExport> logger)
    {
        _configuration = configuration;
        _options = options.Value;
        _sampler = new MeshSampler(router, security.ListenerName);
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_configuration[EndpointKey] is not { Length: > 0 } endpointText)
        {
            return Task.CompletedTask;
        }

        if (!Uri.TryCreate(endpointText, UriKind.Absolute, out var endpoint))
        {
            throw new InvalidOperationException($"{EndpointKey} '{endpointText}' is not an absolute URI such as http://otel-collector:4317.");
        }

        var protocol = _configuration[ProtocolKey] switch
        {
            null or "" or "grpc" => OtlpExportProtocol.Grpc,
            "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
            var other => throw new InvalidOperationException($"{ProtocolKey} '{other}' is not supported; use grpc or http/protobuf."),
        };
        var serviceName = _configuration[ServiceNameKey] is { Length: > 0 } named ? named : _options.ServiceName ?? "unknown_service";
        var interval = int.TryParse(_configuration[ExportIntervalKey], out var milliseconds) && milliseconds > 0 ? milliseconds : 60_000;

        _meters = OpenTelemetry.Sdk.CreateMeterProviderBuilder()
            .ConfigureResource(resource => Describe(resource, serviceName))
            .AddMeter(Meters)
            .AddOtlpExporter((exporter, reader) =>
            {
                Configure(exporter, endpoint, protocol, "v1/metrics");
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = interval;
            })
            .Build();
        _tracer = OpenTelemetry.Sdk.CreateTracerProviderBuilder()
            .ConfigureResource(resource => Describe(resource, serviceName))
            .AddSource(Sources)
            .SetSampler(_sampler)
            .AddOtlpExporter(exporter => Configure(exporter, endpoint, protocol, "v1/traces"))
            .Build();
        Log.OtlpExporting(_logger, endpoint, protocol.ToString(), serviceName);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        Interlocked.Exchange(ref _tracer, null)?.Dispose();
        Interlocked.Exchange(ref _meters, null)?.Dispose();
    }

    private void Describe(ResourceBuilder resource, string serviceName) =>
        resource.AddService(serviceName, serviceNamespace: _options.Namespace, serviceInstanceId: _options.NodeId);

    // Over HTTP an endpoint set in code is used as is, so each signal's path is appended here, as the SDK does for the variable.
    private static void Configure(OtlpExporterOptions exporter, Uri endpoint, OtlpExportProtocol protocol, string signalPath)
    {
        exporter.Protocol = protocol;
        exporter.Endpoint = protocol == OtlpExportProtocol.HttpProtobuf
            ? new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/" + signalPath)
            : endpoint;
    }
}
