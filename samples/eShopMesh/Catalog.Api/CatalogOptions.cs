using System.ComponentModel.DataAnnotations;

namespace Catalog.Api;

/// <summary>Which catalog this process is, bound from the <c>Catalog</c> section (<c>Catalog__Version=v2</c>).</summary>
internal sealed class CatalogOptions
{
    public const string SectionName = "Catalog";

    /// <summary>The response header that names the version which served a call.</summary>
    public const string VersionHeader = "X-Catalog-Version";

    /// <summary>The catalog version: <c>v1</c> (list prices) or <c>v2</c> (a 10 % spring sale). Default: <c>v1</c>.</summary>
    [RegularExpression("^v[12]$", ErrorMessage = "Catalog:Version must be 'v1' or 'v2'.")]
    public string Version { get; set; } = "v1";
}
