using System.IO.Pipelines;

namespace Mesh.Sdk.Security;

/// <summary>A reader and a writer as one transport.</summary>
internal sealed record DuplexPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;
