namespace Mesh.Sdk.Tests.Xds;

/// <summary>A random source that always draws the same number, so jittered delays are known in advance.</summary>
internal sealed class FixedRandom(double value) : Random
{
    public override double NextDouble() => value;
}
