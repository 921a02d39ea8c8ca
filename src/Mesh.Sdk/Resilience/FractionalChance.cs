using Envoy.Type.V3;

namespace Mesh.Sdk.Resilience;

/// <summary>An xDS <c>FractionalPercent</c> as parts per million, drawn against without allocating.</summary>
internal readonly record struct FractionalChance(int PerMillion)
{
    public static FractionalChance From(FractionalPercent? percent)
    {
        if (percent is null)
        {
            return new FractionalChance(0);
        }

        var scale = percent.Denominator switch
        {
            FractionalPercent.Types.DenominatorType.Hundred => 10_000L,
            FractionalPercent.Types.DenominatorType.TenThousand => 100L,
            _ => 1L,
        };
        return new FractionalChance((int)Math.Min(1_000_000L, percent.Numerator * scale));
    }

    public bool Draw(Random random) => PerMillion >= 1_000_000 || (PerMillion > 0 && random.Next(1_000_000) < PerMillion);
}
