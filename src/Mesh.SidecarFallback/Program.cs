using Mesh.SidecarFallback.Configuration;

// A proxy's socket continuations are short and never block, so they run on the socket event thread instead of
// hopping to the thread pool: about 12 % more HTTP/1.1 requests/s in bench/sidecar-load.sh. The runtime reads
// this once, when the first socket is made; a value the operator set wins.
const string InlineCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";
if (Environment.GetEnvironmentVariable(InlineCompletions) is null)
{
    Environment.SetEnvironmentVariable(InlineCompletions, "1");
}

return await SidecarCommand.Create().Parse(args).InvokeAsync().ConfigureAwait(false);
