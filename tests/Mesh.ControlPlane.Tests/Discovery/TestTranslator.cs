using System.Collections.Immutable;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Mesh.ControlPlane.Configuration;
using Mesh.ControlPlane.Translation;

namespace Mesh.ControlPlane.Tests.Discovery;

/// <summary>
/// Stands in for the real translator: each config's environment name selects a prepared resource set
/// whose resources are <see cref="StringValue"/>s carrying "name=content".
/// </summary>
internal sealed class TestTranslator
{
    private readonly Dictionary<string, XdsResourceSet> _byEnvironment = [];
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Prepares a config whose resources are <paramref name="resources"/> (type URL, name, content).</summary>
    public MeshConfig Config(string environment, params (string TypeUrl, string Name, string Content)[] resources)
    {
        var byType = new Dictionary<string, ImmutableSortedDictionary<string, IMessage>.Builder>();
        foreach (var (typeUrl, name, content) in resources)
        {
            if (!byType.TryGetValue(typeUrl, out var builder))
            {
                builder = ImmutableSortedDictionary.CreateBuilder<string, IMessage>(StringComparer.Ordinal);
                byType.Add(typeUrl, builder);
            }

            builder.Add(name, new StringValue { Value = $"{name}={content}" });
        }

        _byEnvironment[environment] = new XdsResourceSet(byType.ToImmutableDictionary(p => p.Key, p => p.Value.ToImmutable()));
        return MeshConfig.Empty with { Environment = environment };
    }

    public XdsResourceSet Translate(MeshConfig config, ClientKind kind)
    {
        Interlocked.Increment(ref _calls);
        return _byEnvironment[config.Environment];
    }
}
