namespace Mesh.ControlPlane.Discovery;

/// <summary>Where a client runs, as its node reports it.</summary>
internal sealed record XdsLocality(string Region, string Zone, string SubZone);
