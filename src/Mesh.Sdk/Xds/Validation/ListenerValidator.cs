using Envoy.Config.Listener.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Google.Protobuf;

namespace Mesh.Sdk.Xds.Validation;

/// <summary>Checks that a Listener is an API listener the SDK can route with: an HttpConnectionManager ending in the router.</summary>
internal static class ListenerValidator
{
    public static void Validate(Listener listener, List<string> errors)
    {
        if (listener.ApiListener?.ApiListener_ is not { } manager)
        {
            errors.Add("api_listener is missing: the SDK routes only with an HttpConnectionManager API listener");
            return;
        }

        if (manager.TypeUrl != XdsTypeUrls.HttpConnectionManager)
        {
            errors.Add($"api_listener holds '{manager.TypeUrl}', not an HttpConnectionManager");
            return;
        }

        HttpConnectionManager decoded;
        try
        {
            decoded = HttpConnectionManager.Parser.ParseFrom(manager.Value);
        }
        catch (InvalidProtocolBufferException exception)
        {
            errors.Add($"api_listener does not decode as an HttpConnectionManager: {exception.Message}");
            return;
        }

        ValidateRouteSpecifier(decoded, errors);
        ValidateFilters(decoded, errors);
    }

    private static void ValidateRouteSpecifier(HttpConnectionManager manager, List<string> errors)
    {
        switch (manager.RouteSpecifierCase)
        {
            case HttpConnectionManager.RouteSpecifierOneofCase.Rds:
                if (manager.Rds.RouteConfigName.Length == 0)
                {
                    errors.Add("rds.route_config_name is empty");
                }

                if (manager.Rds.ConfigSource is not { ConfigSourceSpecifierCase: not Envoy.Config.Core.V3.ConfigSource.ConfigSourceSpecifierOneofCase.None })
                {
                    errors.Add("rds.config_source must be ads or self");
                }

                break;
            case HttpConnectionManager.RouteSpecifierOneofCase.RouteConfig:
                RouteConfigurationValidator.Validate(manager.RouteConfig, errors, "route_config.");
                break;
            default:
                errors.Add("the HttpConnectionManager has neither rds nor route_config");
                break;
        }
    }

    private static void ValidateFilters(HttpConnectionManager manager, List<string> errors)
    {
        var filters = manager.HttpFilters;
        if (filters.Count == 0)
        {
            errors.Add("http_filters is empty: it must end with the router filter");
            return;
        }

        for (var index = 0; index < filters.Count - 1; index++)
        {
            if (IsRouter(filters[index]))
            {
                errors.Add($"http_filters[{index}] is the router filter, which must be last");
            }
        }

        if (!IsRouter(filters[^1]))
        {
            errors.Add($"http_filters must end with the router filter ({XdsTypeUrls.Router}), not '{filters[^1].Name}'");
        }
    }

    private static bool IsRouter(HttpFilter filter) => filter.TypedConfig?.TypeUrl == XdsTypeUrls.Router;
}
