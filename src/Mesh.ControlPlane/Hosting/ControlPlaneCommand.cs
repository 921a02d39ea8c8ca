using System.CommandLine;
using System.Globalization;
using System.CommandLine.Parsing;
using System.Net;
using Mesh.ControlPlane.Identity;

namespace Mesh.ControlPlane.Hosting;

/// <summary>The <c>mesh-cp</c> command line.</summary>
internal static class ControlPlaneCommand
{
    public static RootCommand Create()
    {
        var configDirectory = new Option<DirectoryInfo>("--config-dir")
        {
            Description = "Mesh config directory: base/ plus environments/NAME/, or a flat directory of YAML files. Required with --source directory.",
        };
        configDirectory.AcceptExistingOnly();

        var environment = new Option<string?>("--environment")
        {
            Description = "Environment overlay to apply from environments/NAME/ (default: base only).",
        };

        var xdsAddress = EndpointOption("--xds-address", "Address the xDS (ADS) server listens on.", "127.0.0.1:15010");
        var adminAddress = EndpointOption("--admin-address", "Address the admin API listens on.", "127.0.0.1:15014");

        var peers = new Option<DnsEndPoint[]>("--peers")
        {
            Description = "The other replicas' admin addresses (HOST:PORT, repeated or comma-separated); a DNS name stands for every address it resolves to, such as a headless Service's. /stats and the dashboard merge their traffic. Default: none.",
            AllowMultipleArgumentsPerToken = true,
            CustomParser = ParsePeers,
        };

        var peerSync = new Option<TimeSpan>("--peer-sync")
        {
            Description = "How often a replica with --peers takes its peers' token revocations besides at start, so one it could not reach when a token was revoked catches up. Default: 30s.",
            DefaultValueFactory = _ => ControlPlaneSettings.DefaultPeerSync,
            CustomParser = result => DurationArgument.Parse(result, "--peer-sync", "30s or 2m", ControlPlaneSettings.DefaultPeerSync),
        };

        var kubernetes = new KubernetesOptions();
        var command = new RootCommand("mesh-cp: the Mesh control plane. Serves mesh config to xDS clients.")
        {
            configDirectory,
            environment,
            xdsAddress,
            adminAddress,
            peers,
            peerSync,
        };
        kubernetes.AddTo(command, configDirectory);
        var identity = new IdentityCommandOptions();
        identity.AddTo(command);

        command.SetAction((parseResult, cancellationToken) =>
        {
            var settings = new ControlPlaneSettings(
                parseResult.GetValue(configDirectory)?.FullName ?? string.Empty,
                parseResult.GetValue(environment),
                parseResult.GetRequiredValue(xdsAddress),
                parseResult.GetRequiredValue(adminAddress))
            {
                Kubernetes = kubernetes.Settings(parseResult),
                Peers = [.. parseResult.GetValue(peers) ?? []],
                PeerSync = parseResult.GetValue(peerSync),
            };
            settings = settings with
            {
                Identity = identity.Read(parseResult, settings.Kubernetes),
            };
            return ControlPlaneHost.RunAsync(settings, cancellationToken);
        });

        return command;
    }

    private static Option<IPEndPoint> EndpointOption(string name, string description, string defaultValue)
    {
        return new Option<IPEndPoint>(name)
        {
            Description = $"{description} Default: {defaultValue}.",
            DefaultValueFactory = _ => IPEndPoint.Parse(defaultValue),
            CustomParser = ParseEndpoint,
        };
    }

    private static DnsEndPoint[] ParsePeers(ArgumentResult result)
    {
        var peers = new List<DnsEndPoint>();
        foreach (var text in result.Tokens.SelectMany(token => token.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            var colon = text.LastIndexOf(':');
            var host = colon > 0 ? text[..colon].Trim('[', ']') : string.Empty;
            if (host.Length == 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            {
                result.AddError($"--peers: '{text}' is not HOST:PORT, for example mesh-cp-peers.mesh-system.svc.cluster.local:15014 or 10.0.0.7:15014.");
                continue;
            }

            peers.Add(new DnsEndPoint(host, port));
        }

        return [.. peers];
    }

    private static IPEndPoint ParseEndpoint(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
        if (text.StartsWith("localhost:", StringComparison.OrdinalIgnoreCase))
        {
            text = string.Concat("127.0.0.1", text.AsSpan("localhost".Length));
        }

        if (IPEndPoint.TryParse(text, out var endpoint) && text.Contains(':', StringComparison.Ordinal))
        {
            return endpoint;
        }

        result.AddError($"'{text}' is not an address: write IP:PORT, for example 127.0.0.1:15010 or [::]:15010.");
        return new IPEndPoint(IPAddress.Loopback, 0);
    }
}
