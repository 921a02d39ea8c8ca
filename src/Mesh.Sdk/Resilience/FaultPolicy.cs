using System.Collections.Immutable;
using Envoy.Extensions.Filters.Http.Fault.V3;
using Mesh.Sdk.Routing;
using Microsoft.AspNetCore.Http;

namespace Mesh.Sdk.Resilience;

/// <summary>
/// A route's <c>envoy.filters.http.fault</c> config as plain values: a fixed delay and an abort, each
/// for a share of calls, optionally only for calls carrying matching headers.
/// </summary>
internal sealed class FaultPolicy
{
    private readonly ImmutableArray<HeaderCondition> _headers;

    private FaultPolicy(
        ImmutableArray<HeaderCondition> headers,
        TimeSpan delay,
        FractionalChance delayChance,
        int? abortHttpStatus,
        int? abortGrpcStatus,
        FractionalChance abortChance)
    {
        _headers = headers;
        Delay = delay;
        DelayChance = delayChance;
        AbortHttpStatus = abortHttpStatus;
        AbortGrpcStatus = abortGrpcStatus;
        AbortChance = abortChance;
    }

    public TimeSpan Delay { get; }

    public FractionalChance DelayChance { get; }

    /// <summary>The HTTP status an abort answers with; null when it names a gRPC status instead.</summary>
    public int? AbortHttpStatus { get; }

    public int? AbortGrpcStatus { get; }

    public FractionalChance AbortChance { get; }

    /// <summary>Compiles the fault; null with an error naming <paramref name="field"/> when it cannot be enforced.</summary>
    public static FaultPolicy? Compile(HTTPFault fault, string field, out string? error)
    {
        error = null;
        var headers = ImmutableArray.CreateBuilder<HeaderCondition>(fault.Headers.Count);
        for (var i = 0; i < fault.Headers.Count; i++)
        {
            if (HeaderCondition.Compile(fault.Headers[i], $"{field}.headers[{i}]", out error) is not { } condition)
            {
                return null;
            }

            headers.Add(condition);
        }

        var delay = TimeSpan.Zero;
        var delayChance = default(FractionalChance);
        if (fault.Delay is { } faultDelay)
        {
            if (faultDelay.FaultDelaySecifierCase != Envoy.Extensions.Filters.Common.Fault.V3.FaultDelay.FaultDelaySecifierOneofCase.FixedDelay)
            {
                error = $"{field}.delay has no fixed_delay; header-driven delays are not supported.";
                return null;
            }

            delay = faultDelay.FixedDelay.ToTimeSpan();
            delayChance = FractionalChance.From(faultDelay.Percentage);
        }

        int? http = null, grpc = null;
        var abortChance = default(FractionalChance);
        if (fault.Abort is { } abort)
        {
            switch (abort.ErrorTypeCase)
            {
                case FaultAbort.ErrorTypeOneofCase.HttpStatus when abort.HttpStatus is >= 200 and < 600:
                    http = (int)abort.HttpStatus;
                    break;
                case FaultAbort.ErrorTypeOneofCase.GrpcStatus when abort.GrpcStatus is > 0 and <= 16:
                    grpc = (int)abort.GrpcStatus;
                    break;
                default:
                    error = $"{field}.abort needs http_status 200-599 or grpc_status 1-16; header-driven aborts are not supported.";
                    return null;
            }

            abortChance = FractionalChance.From(abort.Percentage);
        }

        return new FaultPolicy(headers.MoveToImmutable(), delay, delayChance, http, grpc, abortChance);
    }

    /// <summary>Whether the fault considers this request at all (its header conditions hold).</summary>
    public bool Applies(HttpRequestMessage request)
    {
        foreach (var header in _headers)
        {
            if (!header.Matches(request))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether the fault considers a request the server received (for callers outside the mesh).</summary>
    public bool Applies(HttpRequest request)
    {
        foreach (var header in _headers)
        {
            if (!header.Matches(request))
            {
                return false;
            }
        }

        return true;
    }
}
