using System.Text.Json.Serialization;

namespace Mesh.ControlPlane.Identity;

/// <summary>The Kubernetes <c>authentication.k8s.io/v1</c> TokenReview object, the fields mesh-cp uses.</summary>
internal sealed record TokenReview(
    [property: JsonPropertyName("apiVersion")] string ApiVersion,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("spec")] TokenReviewSpec Spec,
    [property: JsonPropertyName("status")] TokenReviewStatus? Status = null);

/// <summary><c>TokenReview.spec</c>.</summary>
internal sealed record TokenReviewSpec(
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("audiences")] string[]? Audiences);

/// <summary><c>TokenReview.status</c>.</summary>
internal sealed record TokenReviewStatus(
    [property: JsonPropertyName("authenticated")] bool Authenticated,
    [property: JsonPropertyName("user")] TokenReviewUser? User,
    [property: JsonPropertyName("error")] string? Error);

/// <summary><c>TokenReview.status.user</c>.</summary>
internal sealed record TokenReviewUser(
    [property: JsonPropertyName("username")] string? Username);
