using System.CommandLine;
using Mesh.Cli.Injection;

namespace Mesh.Cli.Commands;

/// <summary><c>mesh inject FILE|-</c>: adds the mesh sidecar to the Deployments of a Kubernetes manifest and prints it.</summary>
internal static class InjectCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file")
        {
            Description = "A Kubernetes manifest (one or many YAML documents), or - for stdin.",
            DefaultValueFactory = _ => "-",
        };
        var serviceName = new Option<string?>("--service-name")
        {
            Description = "The mesh service name. Default: the pod template's app.kubernetes.io/name or app label, else the Deployment's name.",
        };
        var appPort = new Option<int?>("--app-port")
        {
            Description = "The application's port. Default: the first containerPort in the pod template.",
        };
        var controlPlane = new Option<string>("--control-plane")
        {
            Description = $"The control plane's xDS address the sidecar follows. Default: {SidecarTemplate.DefaultControlPlane}.",
            DefaultValueFactory = _ => SidecarTemplate.DefaultControlPlane,
        };
        var image = new Option<string>("--image")
        {
            Description = $"The sidecar image. Default: {SidecarTemplate.DefaultImage}.",
            DefaultValueFactory = _ => SidecarTemplate.DefaultImage,
        };
        var command = new Command("inject", "Add the mesh sidecar to each Deployment in a manifest (file or stdin) and print the result; other documents pass through. Running it twice changes nothing more.")
        {
            file,
            serviceName,
            appPort,
            controlPlane,
            image,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var console = CommonOptions.Console(parseResult);
            var path = parseResult.GetRequiredValue(file);
            string manifest;
            try
            {
                manifest = path == "-" ? await Console.In.ReadToEndAsync(cancellationToken).ConfigureAwait(false) : await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException exception)
            {
                await console.Error.WriteLineAsync($"mesh inject: cannot read {path}: {exception.Message}").ConfigureAwait(false);
                return 2;
            }

            var template = new SidecarTemplate(parseResult.GetRequiredValue(image), parseResult.GetRequiredValue(controlPlane), parseResult.GetValue(serviceName), parseResult.GetValue(appPort));
            try
            {
                var (result, injected) = DeploymentInjector.Inject(manifest, template, path == "-" ? "stdin" : path);
                await console.Out.WriteAsync(result).ConfigureAwait(false);
                var summary = injected.Count == 0
                    ? "mesh inject: no Deployment needed the sidecar (none found, or every one has it already)"
                    : $"mesh inject: added the sidecar to Deployment {string.Join(", ", injected)}; point each Service's targetPort at port {SidecarTemplate.InboundPort} (mesh-inbound)";
                await console.Error.WriteLineAsync(summary).ConfigureAwait(false);
                return 0;
            }
            catch (InjectionException exception)
            {
                await console.Error.WriteLineAsync("mesh inject: " + exception.Message).ConfigureAwait(false);
                return 1;
            }
        });
        return command;
    }
}
