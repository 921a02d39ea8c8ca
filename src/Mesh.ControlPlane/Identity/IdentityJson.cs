using System.Text.Json.Serialization;

namespace Mesh.ControlPlane.Identity;

/// <summary>Source-generated JSON for tokens and the Kubernetes TokenReview API.</summary>
[JsonSerializable(typeof(TokenClaims))]
[JsonSerializable(typeof(TokenReview))]
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
internal sealed partial class IdentityJson : JsonSerializerContext;
