namespace Mesh.Observability.Tests;

/// <summary>
/// The test classes that run the <c>mesh</c> CLI in this process with <c>$MESH_ADMIN_TOKEN_FILE</c> set: the
/// variable is process-wide, so these classes never run alongside each other.
/// </summary>
[CollectionDefinition(Name)]
public sealed class AdminTokenVariableCollection
{
    public const string Name = "mesh CLI with $MESH_ADMIN_TOKEN_FILE";
}
