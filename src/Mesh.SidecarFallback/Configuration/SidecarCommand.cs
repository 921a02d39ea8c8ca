using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Mesh.SidecarFallback.Hosting;

namespace Mesh.SidecarFallback.Configuration;

/// <summary>The <c>mesh-sidecar</c> command line; every option also reads an environment variable.</summary>
internal static class SidecarCommand
{
    public static RootCommand Create()
    {
        var serviceName = new Option<string>("--service-name")
        {
            Description = $"The service this sidecar runs beside, a lower-case DNS label. Env: {SidecarEnvironment.ServiceName}.",
            DefaultValueFactory = _ => SidecarEnvironment.Read(SidecarEnvironment.ServiceName, "ServiceName") ?? string.Empty,
        };

        var @namespace = new Option<string>("--namespace")
        {
            Description = $"The service's namespace. Default: default. Env: {SidecarEnvironment.Namespace}.",
            DefaultValueFactory = _ => SidecarEnvironment.Read(SidecarEnvironment.Namespace, "Namespace") ?? "default",
        };

        var appPort = PortOption("--app-port", "The loopback port the application listens on; inbound calls are forwarded there.", SidecarEnvironment.AppPort, null);
        var controlPlane = new Option<Uri?>("--control-plane")
        {
            Description = $"The control plane's xDS address, such as http://mesh-cp.mesh-system:15010. Default: none (static config). Env: {SidecarEnvironment.ControlPlane}.",
            DefaultValueFactory = result => ParseControlPlane(result, SidecarEnvironment.Read(SidecarEnvironment.ControlPlane, "ControlPlane")),
            CustomParser = result => ParseControlPlane(result, result.Tokens.Count == 1 ? result.Tokens[0].Value : null),
        };
        var outboundPort = PortOption("--outbound-port", "The loopback port the application calls other services through.", SidecarEnvironment.OutboundPort, SidecarSettings.DefaultOutboundPort);
        var inboundPort = PortOption("--inbound-port", "The port other services call this one on.", SidecarEnvironment.InboundPort, SidecarSettings.DefaultInboundPort);
        var adminPort = PortOption("--admin-port", "The port /healthz and /ready answer on.", SidecarEnvironment.AdminPort, SidecarSettings.DefaultAdminPort);
        var tokenFile = new Option<string?>("--token-file")
        {
            Description = $"A file holding the token presented to the control plane. Env: {SidecarEnvironment.TokenFile}.",
            DefaultValueFactory = _ => SidecarEnvironment.Read(SidecarEnvironment.TokenFile, "TokenFile"),
        };

        var command = new RootCommand("mesh-sidecar: Mesh.Sdk in a proxy beside a service that is not .NET. The app calls other services through the outbound port and is called through the inbound port.")
        {
            serviceName,
            @namespace,
            appPort,
            controlPlane,
            outboundPort,
            inboundPort,
            adminPort,
            tokenFile,
        };

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var settings = new SidecarSettings(
                parseResult.GetRequiredValue(serviceName),
                parseResult.GetRequiredValue(@namespace),
                parseResult.GetRequiredValue(appPort),
                parseResult.GetValue(controlPlane),
                parseResult.GetRequiredValue(outboundPort),
                parseResult.GetRequiredValue(inboundPort),
                parseResult.GetRequiredValue(adminPort),
                parseResult.GetValue(tokenFile));
            var errors = settings.Validate();
            if (errors.Count > 0)
            {
                foreach (var error in errors)
                {
                    await parseResult.InvocationConfiguration.Error.WriteLineAsync("mesh-sidecar: " + error).ConfigureAwait(false);
                }

                return 1;
            }

            return await SidecarHost.RunAsync(settings, cancellationToken).ConfigureAwait(false);
        });

        return command;
    }

    private static Option<int> PortOption(string name, string description, string variable, int? defaultPort)
    {
        var option = new Option<int>(name)
        {
            Description = defaultPort is { } port
                ? $"{description} Default: {port}. Env: {variable}."
                : $"{description} Required. Env: {variable}.",
            DefaultValueFactory = result => ParsePort(result, name, SidecarEnvironment.Read(variable), variable, defaultPort),
            CustomParser = result => ParsePort(result, name, result.Tokens.Count == 1 ? result.Tokens[0].Value : null, null, defaultPort),
        };
        return option;
    }

    private static int ParsePort(ArgumentResult result, string name, string? text, string? variable, int? defaultPort)
    {
        var source = variable is null ? name : $"{variable} (for {name})";
        if (text is null)
        {
            return defaultPort ?? SidecarSettings.Unset;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 65535)
        {
            return value;
        }

        result.AddError($"{source}: '{text}' is not a port; write a number from 0 to 65535.");
        return 0;
    }

    private static Uri? ParseControlPlane(ArgumentResult result, string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return uri;
        }

        result.AddError($"--control-plane: '{text}' is not an xDS address; write an absolute http:// or https:// URL such as http://mesh-cp.mesh-system:15010.");
        return null;
    }

}
