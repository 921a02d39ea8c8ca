namespace Mesh.EndToEnd.Tests;

/// <summary>The AppHost listens on fixed ports (5080, 5101, …, 15010), so its tests run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class AppHostCollection
{
    public const string Name = "AppHost on fixed ports";
}
