namespace Mesh.ControlPlane.Discovery;

/// <summary>A response a client rejected.</summary>
/// <param name="Version">The version the client rejected.</param>
/// <param name="Nonce">The nonce of the rejected response.</param>
/// <param name="Error">The client's error text (<c>error_detail.message</c>).</param>
/// <param name="At">When the rejection arrived.</param>
internal sealed record XdsNack(string Version, string Nonce, string Error, DateTimeOffset At);
