using System.Reflection;

namespace AppHost.Orchestration;

/// <summary>Where each referenced project's dll was built, as recorded in the AppHost's assembly metadata at build time.</summary>
internal sealed class ProjectOutputs(IReadOnlyDictionary<string, string> dllByProject)
{
    private const string Prefix = "ResourceProject:";

    public static ProjectOutputs FromAssembly(Assembly assembly)
    {
        var map = assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Where(a => a.Key.StartsWith(Prefix, StringComparison.Ordinal) && a.Value is not null)
            .ToDictionary(a => Path.GetFullPath(a.Key[Prefix.Length..]), a => a.Value!, StringComparer.Ordinal);
        return new ProjectOutputs(map);
    }

    public string DllFor(string projectFile)
    {
        if (!dllByProject.TryGetValue(projectFile, out var dll))
        {
            throw new InvalidOperationException($"{projectFile} is not built with the AppHost: add it as a ProjectReference with ReferenceOutputAssembly=\"false\" in aspire/AppHost/AppHost.csproj.");
        }

        return File.Exists(dll)
            ? dll
            : throw new InvalidOperationException($"{dll} does not exist: build with 'dotnet run --project aspire/AppHost', which builds every project first.");
    }
}
