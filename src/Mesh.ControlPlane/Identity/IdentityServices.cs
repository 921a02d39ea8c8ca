using Mesh.ControlPlane.Sources;

namespace Mesh.ControlPlane.Identity;

/// <summary>Registers the certificate authority, tokens and caller authentication in mesh-cp's shared services.</summary>
internal static class IdentityServices
{
    public static IServiceCollection AddMeshIdentity(this IServiceCollection services, IdentitySettings settings, string dataDirectory)
    {
        services.AddSingleton(settings);
        services.AddSingleton(sp => new CertificateAuthority(
            settings.CaDirectory is { } caDirectory
                ? new CertificateAuthorityOptions { Directory = caDirectory, OperatorSupplied = true, WorkloadLifetime = settings.WorkloadCertificateLifetime }
                : new CertificateAuthorityOptions { Directory = Path.Combine(dataDirectory, "ca"), WorkloadLifetime = settings.WorkloadCertificateLifetime },
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<CertificateAuthority>>()));
        services.AddSingleton(sp => new TokenRevocations(dataDirectory, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new WorkloadTokens(
            WorkloadTokens.LoadOrCreateKey(dataDirectory, settings.SecretsDirectory),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<TokenRevocations>()));
        services.AddSingleton(_ => AdminToken.LoadOrCreate(dataDirectory, settings.SecretsDirectory));
        if (settings.Kubernetes is { } kubernetes)
        {
            services.AddSingleton(sp => new KubernetesTokenReviewer(kubernetes, sp.GetRequiredService<TimeProvider>()));
        }

        services.AddSingleton(sp => new CallerAuthenticator(
            settings.Auth,
            sp.GetRequiredService<AdminToken>(),
            sp.GetRequiredService<WorkloadTokens>(),
            sp.GetService<KubernetesTokenReviewer>()));
        services.AddSingleton(sp => new CertificateService(
            sp.GetRequiredService<CertificateAuthority>(),
            sp.GetRequiredService<CallerAuthenticator>(),
            () => sp.GetRequiredService<ConfigStore>().Current?.Config.Mesh.TrustDomain ?? Configuration.MeshSpec.Default.TrustDomain,
            sp.GetRequiredService<ILogger<CertificateService>>()));
        return services;
    }

    /// <summary>Copies what the xDS listener needs from the admin host's services.</summary>
    public static IServiceCollection AddMeshIdentityFrom(this IServiceCollection services, IServiceProvider shared)
    {
        services.AddSingleton(shared.GetRequiredService<CallerAuthenticator>());
        services.AddSingleton(shared.GetRequiredService<CertificateService>());
        return services;
    }
}
