namespace Mesh.Sdk.Tests.Telemetry;

/// <summary>
/// The test classes that listen to the process-wide <c>Mesh.Sdk</c> activity source. A listener that records
/// every activity makes every other listener see them recorded too, which would defeat a test of sampling, so
/// these classes never run alongside each other.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ActivityListenerCollection
{
    public const string Name = "Mesh.Sdk activity listeners";
}
