using Envoy.Type.V3;

namespace Mesh.ControlPlane.Translation;

/// <summary>Turns config percentages into xDS fractions without losing precision.</summary>
internal static class FractionalPercents
{
    private const double PerMillionPerPercent = 10_000;

    /// <summary>
    /// <paramref name="percent"/> (0–100, as written) per million, so 10.5 % is 105000/1000000;
    /// anything finer than a ten-thousandth of a percent rounds to the nearest.
    /// </summary>
    public static FractionalPercent FromPercent(double percent) => new()
    {
        Numerator = (uint)Math.Round(percent * PerMillionPerPercent, MidpointRounding.AwayFromZero),
        Denominator = FractionalPercent.Types.DenominatorType.Million,
    };
}
