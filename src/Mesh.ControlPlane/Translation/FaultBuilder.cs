using Envoy.Config.Route.V3;
using Envoy.Extensions.Filters.Http.Fault.V3;
using Envoy.Type.Matcher.V3;
using Google.Protobuf.WellKnownTypes;
using Mesh.ControlPlane.Configuration;
using Mesh.Xds.Grpc;
using CommonFaultDelay = Envoy.Extensions.Filters.Common.Fault.V3.FaultDelay;
using XdsFaultAbort = Envoy.Extensions.Filters.Http.Fault.V3.FaultAbort;

namespace Mesh.ControlPlane.Translation;

/// <summary>Translates a rule's <c>fault</c> into the <c>envoy.filters.http.fault</c> per-route config (gRFC A33).</summary>
internal static class FaultBuilder
{
    /// <summary>
    /// The route's <c>HTTPFault</c>. <c>onlyWithHeader</c> becomes exact <c>headers</c> matches only for
    /// clients that read them; for the others the caller puts the header condition on the route itself.
    /// </summary>
    public static HTTPFault Build(FaultPolicy fault, ClientProfile profile)
    {
        var result = new HTTPFault();
        if (fault.Delay is { } delay)
        {
            result.Delay = new CommonFaultDelay
            {
                FixedDelay = Duration.FromTimeSpan(delay.FixedDelay),
                Percentage = FractionalPercents.FromPercent(delay.Percent),
            };
        }

        if (fault.Abort is { } abort)
        {
            result.Abort = new XdsFaultAbort { Percentage = FractionalPercents.FromPercent(abort.Percent) };
            if (abort.GrpcStatus is { } grpcStatus)
            {
                result.Abort.GrpcStatus = (uint)GrpcStatusCode(grpcStatus);
            }
            else
            {
                result.Abort.HttpStatus = (uint)(abort.HttpStatus ?? 0);
            }
        }

        if (profile.ReadsFaultHeaders)
        {
            result.Headers.AddRange(HeaderMatches(fault));
        }

        return result;
    }

    /// <summary><c>onlyWithHeader</c> as exact header matches, in name order.</summary>
    public static IEnumerable<HeaderMatcher> HeaderMatches(FaultPolicy fault) =>
        fault.OnlyWithHeader.Select(header => new HeaderMatcher
        {
            Name = header.Key,
            StringMatch = new StringMatcher { Exact = header.Value },
        });

    // The binder stores names as gRPC writes them (DEADLINE_EXCEEDED); the enum spells them DeadlineExceeded.
    private static StatusCode GrpcStatusCode(string name) =>
        System.Enum.Parse<StatusCode>(name.Replace("_", string.Empty, StringComparison.Ordinal), ignoreCase: true);
}
