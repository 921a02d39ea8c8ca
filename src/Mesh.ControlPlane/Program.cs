using Mesh.ControlPlane.Hosting;

return await ControlPlaneCommand.Create().Parse(args).InvokeAsync().ConfigureAwait(false);
