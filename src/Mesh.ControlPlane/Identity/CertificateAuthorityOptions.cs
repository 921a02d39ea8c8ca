namespace Mesh.ControlPlane.Identity;

/// <summary>How the certificate authority keeps its roots and how long what it signs lives.</summary>
internal sealed record CertificateAuthorityOptions
{
    /// <summary>Default lifetime of a workload certificate.</summary>
    public static readonly TimeSpan DefaultWorkloadLifetime = TimeSpan.FromHours(24);

    /// <summary>
    /// Where the roots live. With <see cref="OperatorSupplied"/> they are read from here and never written;
    /// otherwise they are generated here on first start. Null: generated in memory, lost at exit.
    /// </summary>
    public string? Directory { get; init; }

    /// <summary>True when the operator supplied the root (<c>--ca-dir</c>); mesh-cp then never writes it.</summary>
    public bool OperatorSupplied { get; init; }

    /// <summary>The longest lifetime of a workload certificate; a caller may ask for less. Default 24 h.</summary>
    public TimeSpan WorkloadLifetime { get; init; } = DefaultWorkloadLifetime;

    /// <summary>How long a replaced root stays in the trust bundle after a rotation. Default: twice <see cref="WorkloadLifetime"/>.</summary>
    public TimeSpan? RootOverlap { get; init; }

    /// <summary>The overlap in force.</summary>
    public TimeSpan Overlap => RootOverlap ?? WorkloadLifetime * 2;
}
