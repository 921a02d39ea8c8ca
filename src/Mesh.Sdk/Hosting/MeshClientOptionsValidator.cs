using Microsoft.Extensions.Options;

namespace Mesh.Sdk.Hosting;

/// <summary>Checks <see cref="MeshClientOptions"/> at startup: data annotations and the cross-field rules.</summary>
[OptionsValidator]
internal sealed partial class MeshClientOptionsValidator : IValidateOptions<MeshClientOptions>;
