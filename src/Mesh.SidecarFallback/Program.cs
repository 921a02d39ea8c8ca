using Mesh.SidecarFallback.Configuration;

return await SidecarCommand.Create().Parse(args).InvokeAsync().ConfigureAwait(false);
