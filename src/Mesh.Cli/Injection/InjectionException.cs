namespace Mesh.Cli.Injection;

/// <summary>A manifest <c>mesh inject</c> cannot inject into, with where and what to do.</summary>
internal sealed class InjectionException(string message) : Exception(message);
