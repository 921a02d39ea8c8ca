using System.Collections.Immutable;
using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Envoy.Service.Discovery.V3;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Mesh.Sdk.Xds.Validation;
using Microsoft.Extensions.Logging;

namespace Mesh.Sdk.Xds;

/// <summary>
/// The last good resources on disk, so a service restarted while the control plane is down still routes.
/// The file is a delimited DiscoveryRequest header (format marker and the node's service) followed by one
/// delimited DiscoveryResponse per resource kind; it is replaced atomically and validated again on load.
/// </summary>
internal sealed class XdsCacheFile
{
    /// <summary>Marks the header; a file without it is not ours or is of another format.</summary>
    public const string FormatMarker = "mesh.dev/xds-cache/v1";

    private readonly string _path;
    private readonly Node _node;
    private readonly ILogger _logger;

    public XdsCacheFile(string path, Node node, ILogger logger)
    {
        _path = Path.GetFullPath(path);
        _node = node;
        _logger = logger;
    }

    /// <summary>Reads the file; null when it is missing, unreadable, corrupt or written for another service.</summary>
    public async Task<XdsCacheContents?> LoadAsync(CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(_path, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            Log.CacheIgnored(_logger, _path, exception.Message);
            return null;
        }

        try
        {
            return Parse(bytes, out var problem) ?? Ignore(problem);
        }
        catch (InvalidProtocolBufferException exception)
        {
            return Ignore($"it does not decode ({exception.Message})");
        }
    }

    /// <summary>Replaces the file with <paramref name="resources"/>; logs and carries on when the disk refuses.</summary>
    public async Task SaveAsync(XdsResources resources, IReadOnlyList<string> versions, CancellationToken cancellationToken)
    {
        var temporary = $"{_path}.{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, useAsync: true))
            {
                var bytes = Serialize(resources, versions);
                await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, _path, overwrite: true);
            Log.CacheWritten(_logger, _path, resources.Listeners.Count, resources.Routes.Count, resources.Clusters.Count, resources.Endpoints.Count);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            Log.CacheWriteFailed(_logger, _path, exception.Message);
        }
        finally
        {
            // Left behind only when the write failed or was cancelled.
            TryDelete(temporary);
        }
    }

    private byte[] Serialize(XdsResources resources, IReadOnlyList<string> versions)
    {
        using var buffer = new MemoryStream();
        new DiscoveryRequest { TypeUrl = FormatMarker, Node = Identity(_node) }.WriteDelimitedTo(buffer);
        foreach (var kind in XdsTypeUrls.Kinds)
        {
            var response = new DiscoveryResponse { TypeUrl = XdsTypeUrls.Of(kind), VersionInfo = versions[(int)kind] };
            response.Resources.AddRange(Pack(resources, kind));
            response.WriteDelimitedTo(buffer);
        }

        return buffer.ToArray();
    }

    private XdsCacheContents? Parse(byte[] bytes, out string problem)
    {
        using var input = new MemoryStream(bytes, writable: false);
        var header = DiscoveryRequest.Parser.ParseDelimitedFrom(input);
        if (header.TypeUrl != FormatMarker)
        {
            problem = $"its format is '{header.TypeUrl}', not '{FormatMarker}'";
            return null;
        }

        if (!Identity(_node).Equals(header.Node))
        {
            problem = $"it was written for service '{header.Node?.Cluster}' in namespace '{Namespace(header.Node)}', not '{_node.Cluster}' in '{Namespace(_node)}'";
            return null;
        }

        var versions = new string[XdsTypeUrls.Kinds.Count];
        var decoded = new ImmutableDictionary<string, IMessage>[XdsTypeUrls.Kinds.Count];
        foreach (var kind in XdsTypeUrls.Kinds)
        {
            var response = DiscoveryResponse.Parser.ParseDelimitedFrom(input);
            if (response.TypeUrl != XdsTypeUrls.Of(kind))
            {
                problem = $"its {kind} section holds '{response.TypeUrl}'";
                return null;
            }

            var resources = XdsResourceDecoder.Decode(kind, response.Resources);
            if (!resources.IsValid)
            {
                problem = $"it holds invalid resources: {string.Join("; ", resources.Errors)}";
                return null;
            }

            versions[(int)kind] = response.VersionInfo;
            decoded[(int)kind] = resources.Resources;
        }

        problem = string.Empty;
        var contents = new XdsResources(
            Typed<Listener>(decoded[(int)XdsResourceKind.Listener]),
            Typed<RouteConfiguration>(decoded[(int)XdsResourceKind.RouteConfiguration]),
            Typed<Cluster>(decoded[(int)XdsResourceKind.Cluster]),
            Typed<ClusterLoadAssignment>(decoded[(int)XdsResourceKind.ClusterLoadAssignment]));
        Log.CacheLoaded(_logger, _path, contents.Listeners.Count, contents.Routes.Count, contents.Clusters.Count, contents.Endpoints.Count);
        return new XdsCacheContents(contents, [.. versions]);
    }

    private XdsCacheContents? Ignore(string problem)
    {
        Log.CacheIgnored(_logger, _path, problem);
        return null;
    }

    private static IEnumerable<Any> Pack(XdsResources resources, XdsResourceKind kind) => kind switch
    {
        XdsResourceKind.Listener => resources.Listeners.Values.Select(Any.Pack),
        XdsResourceKind.RouteConfiguration => resources.Routes.Values.Select(Any.Pack),
        XdsResourceKind.Cluster => resources.Clusters.Values.Select(Any.Pack),
        XdsResourceKind.ClusterLoadAssignment => resources.Endpoints.Values.Select(Any.Pack),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static ImmutableDictionary<string, T> Typed<T>(ImmutableDictionary<string, IMessage> resources)
        where T : IMessage =>
        resources.ToImmutableDictionary(pair => pair.Key, pair => (T)pair.Value, StringComparer.Ordinal);

    // Only what ties the file to a service: node ids change with every pod, localities with rescheduling.
    private static Node Identity(Node node)
    {
        var identity = new Node { Cluster = node.Cluster, Metadata = new Struct() };
        identity.Metadata.Fields[XdsNode.NamespaceKey] = Value.ForString(Namespace(node));
        return identity;
    }

    private static string Namespace(Node? node) =>
        node?.Metadata?.Fields.TryGetValue(XdsNode.NamespaceKey, out var value) == true ? value.StringValue : string.Empty;

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The temporary file is harmless; the next save writes a new one.
        }
    }
}
