using Envoy.Config.Core.V3;
using Envoy.Config.Endpoint.V3;

namespace Mesh.Sdk.Xds.Validation;

/// <summary>Checks that every endpoint of a ClusterLoadAssignment is a socket address with a port, and that priorities have no gaps.</summary>
internal static class ClusterLoadAssignmentValidator
{
    public static void Validate(ClusterLoadAssignment assignment, List<string> errors)
    {
        var priorities = new SortedSet<uint>();
        for (var localityIndex = 0; localityIndex < assignment.Endpoints.Count; localityIndex++)
        {
            var locality = assignment.Endpoints[localityIndex];
            var path = $"endpoints[{localityIndex}]";
            priorities.Add(locality.Priority);
            ulong total = 0;
            for (var index = 0; index < locality.LbEndpoints.Count; index++)
            {
                var endpoint = locality.LbEndpoints[index];
                ValidateEndpoint(endpoint, $"{path}.lb_endpoints[{index}]", errors);
                total += endpoint.LoadBalancingWeight ?? 1;
            }

            if (total > uint.MaxValue)
            {
                errors.Add($"{path}: the endpoint weights add up to {total}, more than {uint.MaxValue}");
            }
        }

        // Priorities must run 0, 1, 2, ... as gRPC and Envoy read a gap as a config error.
        var expected = 0u;
        foreach (var priority in priorities)
        {
            if (priority != expected)
            {
                errors.Add($"priorities must run from 0 without gaps, but priority {expected} is missing");
                break;
            }

            expected++;
        }
    }

    private static void ValidateEndpoint(LbEndpoint endpoint, string path, List<string> errors)
    {
        if (endpoint.Endpoint?.Address?.SocketAddress is not { } socket)
        {
            errors.Add($"{path}.endpoint.address has no socket_address");
        }
        else
        {
            if (socket.Address.Length == 0)
            {
                errors.Add($"{path}.endpoint.address.socket_address.address is empty");
            }

            if (socket.PortSpecifierCase != SocketAddress.PortSpecifierOneofCase.PortValue)
            {
                errors.Add($"{path}.endpoint.address.socket_address has no port_value");
            }
            else if (socket.PortValue is 0 or > ushort.MaxValue)
            {
                errors.Add($"{path}.endpoint.address.socket_address.port_value {socket.PortValue} is not a TCP port");
            }
        }

        if (endpoint.LoadBalancingWeight == 0)
        {
            errors.Add($"{path}.load_balancing_weight must be at least 1");
        }
    }
}
