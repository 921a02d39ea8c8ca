using System.Collections.Immutable;
using Mesh.ControlPlane.Configuration;
using Mesh.ControlPlane.Sources;

namespace Mesh.ControlPlane.Tests.Sources;

public sealed class ConfigStoreTests
{
    private readonly ConfigStore _store = new(TimeProvider.System);

    [Fact]
    public void Serves_a_new_config_before_the_admin_api_can_see_its_version()
    {
        AcceptedConfig? currentWhileAnnounced = null;
        var announced = 0;
        _store.Accepted += _ =>
        {
            announced++;
            currentWhileAnnounced = _store.Current;
        };

        Assert.True(_store.Apply(Config("dev")));
        Assert.Null(currentWhileAnnounced);

        Assert.True(_store.Apply(Config("staging")));
        Assert.Equal("dev", currentWhileAnnounced?.Config.Environment);
        Assert.Equal("staging", _store.Current?.Config.Environment);
        Assert.Equal(2, announced);
    }

    [Fact]
    public void Announces_nothing_for_the_same_content_and_keeps_the_good_config_through_a_rejection()
    {
        var announced = 0;
        _store.Accepted += _ => announced++;
        _store.Apply(Config("dev"));
        var version = _store.Current!.Version;

        Assert.False(_store.Apply(Config("dev")));
        Assert.False(_store.Apply(ConfigLoadResult.Failure([new ConfigError(new SourceLocation("x.yaml", 1, 1), "kind", "unknown kind")], [])));

        Assert.Equal(1, announced);
        Assert.Equal(version, _store.Current!.Version);
        Assert.NotNull(_store.LastRejection);
    }

    private static ConfigLoadResult Config(string environment) =>
        ConfigLoadResult.Success(MeshConfig.Empty with { Environment = environment }, ImmutableArray.Create("mesh.yaml"));
}
