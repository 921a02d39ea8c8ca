using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mesh.ControlPlane.Configuration;
using Mesh.ControlPlane.Sources;
using Mesh.ControlPlane.Sources.Kubernetes;
using Mesh.Testing.Kubernetes;
using static Mesh.Testing.Kubernetes.KubernetesObjects;

namespace Mesh.ControlPlane.Tests.Sources.Kubernetes;

public sealed class KubernetesConfigSourceTests
{
    private const string Slices = "/apis/discovery.k8s.io/v1/endpointslices";

    [Fact]
    public async Task Serves_a_mesh_service_with_the_ready_endpoints_of_its_endpoint_slices()
    {
        await using var rig = await KubernetesSourceRig.StartAsync(api =>
        {
            SeedCatalog(api);
            api.Apply(EndpointSlices, EndpointSlice("shop", "catalog-abc", "catalog", 8080,
                new SliceEndpoint("10.0.0.2", Zone: "us-east-1b", Pod: "catalog-v2"),
                new SliceEndpoint("10.0.0.1", Zone: "us-east-1a", Pod: "catalog-v1"),
                new SliceEndpoint("10.0.0.9", Ready: false, Pod: "catalog-v1")));
            api.Apply(MeshServices, MeshService("shop", "basket"));
            api.Apply(EndpointSlices, EndpointSlice("shop", "basket-a", "basket", 8080, new SliceEndpoint("10.0.1.1", Zone: "rack-7")));
        });

        var service = rig.Config.Services["shop/catalog"];
        Assert.Equal(["10.0.0.1:8080", "10.0.0.2:8080"], service.Spec.Endpoints.Select(e => e.Address));
        var v1 = service.Spec.Endpoints[0];
        Assert.Equal("v1", v1.Labels["version"]);
        Assert.Equal("catalog-sa", v1.Labels[EndpointSliceResolver.ServiceAccountLabel]);
        Assert.Equal(new EndpointLocality("us-east-1", "us-east-1a", string.Empty), v1.Locality);
        Assert.Equal("test", rig.Config.Environment);

        // A zone that names no AWS region leaves the region unknown.
        Assert.Equal(new EndpointLocality(string.Empty, "rack-7", string.Empty), Assert.Single(rig.Config.Services["shop/basket"].Spec.Endpoints).Locality);
        Assert.Empty(rig.Store.Skipped);
    }

    [Fact]
    public async Task Endpoint_churn_reaches_the_served_config_within_one_second()
    {
        await using var rig = await KubernetesSourceRig.StartAsync(api =>
        {
            SeedCatalog(api);
            api.Apply(EndpointSlices, EndpointSlice("shop", "catalog-abc", "catalog", 8080, new SliceEndpoint("10.0.0.1", Pod: "catalog-v1")));
        });

        for (var i = 2; i <= 6; i++)
        {
            var endpoints = Enumerable.Range(1, i).Select(n => new SliceEndpoint($"10.0.0.{n}", Pod: "catalog-v1")).ToArray();
            rig.Api.Apply(EndpointSlices, EndpointSlice("shop", "catalog-abc", "catalog", 8080, endpoints));
            var took = await rig.WaitForAsync(c => c.Services["shop/catalog"].Spec.Endpoints.Length == i, $"{i} endpoints");
            Assert.True(took < TimeSpan.FromSeconds(1), $"endpoint {i} took {took.TotalMilliseconds} ms");
        }

        rig.Api.Apply(EndpointSlices, EndpointSlice("shop", "catalog-abc", "catalog", 8080, new SliceEndpoint("10.0.0.1", Ready: false, Pod: "catalog-v1")));
        var drained = await rig.WaitForAsync(c => c.Services["shop/catalog"].Spec.Endpoints.IsEmpty, "no ready endpoint");
        Assert.True(drained < TimeSpan.FromSeconds(1), $"draining took {drained.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task A_dropped_watch_resumes_from_its_resource_version_without_losing_or_duplicating_endpoints()
    {
        await using var rig = await KubernetesSourceRig.StartAsync(api =>
        {
            SeedCatalog(api);
            api.Apply(EndpointSlices, EndpointSlice("shop", "catalog-a", "catalog", 8080, new SliceEndpoint("10.0.0.1", Pod: "catalog-v1")));
            api.Apply(EndpointSlices, EndpointSlice("shop", "catalog-b", "catalog", 8080, new SliceEndpoint("10.0.0.2", Pod: "catalog-v2")));
        });

        for (var round = 0; round < 3; round++)
        {
            rig.Api.DropWatches();

            // Changes made while the watch is down are replayed from the resourceVersion it resumes from.
            rig.Api.Apply(EndpointSlices, EndpointSlice("shop", "catalog-a", "catalog", 8080, new SliceEndpoint("10.0.0.1", Pod: "catalog-v1"), new SliceEndpoint($"10.0.1.{round}", Pod: "catalog-v1")));
            await rig.WaitForAsync(c => c.Services["shop/catalog"].Spec.Endpoints.Any(e => e.Host == $"10.0.1.{round}"), $"round {round}");
        }

        rig.Api.DropWatches();
        rig.Api.Delete(EndpointSlices, "shop", "catalog-b");
        await rig.WaitForAsync(c => c.Services["shop/catalog"].Spec.Endpoints.Length == 2, "catalog-b deleted");

        Assert.Equal(["10.0.0.1:8080", "10.0.1.2:8080"], rig.Endpoints("shop/catalog"));
        Assert.Equal(1, rig.Lists(Slices));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_watch_expired_with_410_lists_again_and_catches_up_with_deletions(bool goneAsHttpStatus)
    {
        await using var rig = await KubernetesSourceRig.StartAsync(api =>
        {
            SeedCatalog(api);
            api.Apply(EndpointSlices, EndpointSlice("shop", "catalog-a", "catalog", 8080, new SliceEndpoint("10.0.0.1", Pod: "catalog-v1")));
            api.Apply(EndpointSlices, EndpointSlice("shop", "catalog-b", "catalog", 8080, new SliceEndpoint("10.0.0.2", Pod: "catalog-v2")));
        });
        rig.Api.GoneAsHttpStatus = goneAsHttpStatus;

        // The API server forgets history while the watch is away: the deletion is only visible to a fresh list.
        rig.Api.DropWatches();
        rig.Api.Delete(EndpointSlices, "shop", "catalog-b");
        rig.Api.Apply(EndpointSlices, EndpointSlice("shop", "catalog-c", "catalog", 8080, new SliceEndpoint("10.0.0.3", Pod: "catalog-v2")));
        rig.Api.ExpireWatches();

        await rig.WaitForAsync(c => c.Services["shop/catalog"].Spec.Endpoints.Select(e => e.Address).SequenceEqual(["10.0.0.1:8080", "10.0.0.3:8080"]), "a and c only");
        Assert.Equal(2, rig.Lists(Slices));
        Assert.Contains(rig.Logger.Entries, e => e.Message.Contains("expired", StringComparison.Ordinal) && e.Message.Contains("410", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bookmarks_keep_the_resume_point_fresh_so_a_compacted_server_needs_no_relist()
    {
        await using var rig = await KubernetesSourceRig.StartAsync(api =>
        {
            api.BookmarkInterval = TimeSpan.FromMilliseconds(50);
            SeedCatalog(api);
            api.Apply(EndpointSlices, EndpointSlice("shop", "catalog-a", "catalog", 8080, new SliceEndpoint("10.0.0.1", Pod: "catalog-v1")));
        });

        // Pod churn moves the resourceVersion on; only bookmarks tell the EndpointSlice watch about it.
        for (var i = 0; i < 5; i++)
        {
            rig.Api.Apply(Pods, Pod("shop", $"other-{i}", "v1"));
        }

        // Cut the watch until a resumed one starts from the latest resourceVersion: only a bookmark can have
        // carried it there, as no EndpointSlice changed. Then compaction must not force a list.
        var latest = rig.Api.ResourceVersion;
        await Eventually(async () => (await RewatchAsync(rig)).Contains($"resourceVersion={latest}", StringComparison.Ordinal));
        rig.Api.Compact();
        var rewatch = await RewatchAsync(rig);

        Assert.Contains($"resourceVersion={latest}", rewatch, StringComparison.Ordinal);
        Assert.Contains("allowWatchBookmarks=true", rewatch, StringComparison.Ordinal);
        Assert.Equal(1, rig.Lists(Slices));
    }

    [Fact]
    public async Task A_bad_object_is_reported_with_its_name_and_field_and_skipped_while_the_others_keep_serving()
    {
        await using var rig = await KubernetesSourceRig.StartAsync(api =>
        {
            SeedCatalog(api);
            api.Apply(TrafficRoutes, KubernetesObjects.Mesh("TrafficRoute", "shop", "catalog", """{"service":"catalog","rules":[{"destinations":[{"subset":"v1","weight":100}]}]}"""));
        });
        var version = rig.Store.Current!.Version;

        rig.Api.Apply(TrafficRoutes, KubernetesObjects.Mesh("TrafficRoute", "shop", "broken", """{"service":"catalog","rules":[{"destinations":[{"subset":"v1","weight":-5}]}]}"""));
        rig.Api.Apply(TrafficRoutes, KubernetesObjects.Mesh("TrafficRoute", "shop", "dangling", """{"service":"nowhere","rules":[{"destinations":[{"subset":"v1","weight":1}]}]}"""));
        rig.Api.Apply(MeshServices, KubernetesObjects.Mesh("MeshService", "shop", "basket", """{"ports":[{"name":"http","port":8080,"protocl":"http"}]}"""));
        rig.Api.Apply(RateLimits, KubernetesObjects.Mesh("RateLimit", "shop", "catalog", """{"service":"catalog","requestsPerSecond":100,"burst":20}"""));

        await rig.WaitForAsync(c => c.RateLimits.ContainsKey("shop/catalog"), "the good RateLimit");
        Assert.NotEqual(version, rig.Store.Current!.Version);
        Assert.Equal(["shop/catalog"], rig.Config.Routes.Keys);
        Assert.Equal(["shop/catalog"], rig.Config.Services.Keys);
        var errors = rig.Logger.Entries.Where(e => e.Level == LogLevel.Error).Select(e => e.Message).ToArray();
        Assert.Contains(errors, m => m.Contains("TrafficRoute shop/broken: spec.rules[0].destinations[0].weight", StringComparison.Ordinal));
        Assert.Contains(errors, m => m.Contains("TrafficRoute shop/dangling: spec.service", StringComparison.Ordinal));
        Assert.Contains(errors, m => m.Contains("MeshService shop/basket: spec.ports[0].protocl", StringComparison.Ordinal));

        Assert.Contains(rig.Store.Skipped, e => e.StartsWith("TrafficRoute shop/dangling: spec.service", StringComparison.Ordinal));

        // Fixing the object serves it; the error is not repeated on every endpoint change meanwhile.
        rig.Api.Apply(TrafficRoutes, KubernetesObjects.Mesh("TrafficRoute", "shop", "broken", """{"service":"catalog","rules":[{"match":{"method":"POST"},"destinations":[{"subset":"v2","weight":5}]}]}"""));
        await rig.WaitForAsync(c => c.Routes.ContainsKey("shop/broken"), "the fixed route");
        Assert.Single(rig.Logger.Entries, e => e.Message.Contains("TrafficRoute shop/broken: spec.rules[0].destinations[0].weight", StringComparison.Ordinal));
        Assert.Contains(rig.Logger.Entries, e => e.Message.Contains("TrafficRoute shop/broken problem is fixed", StringComparison.Ordinal));
        Assert.DoesNotContain(rig.Store.Skipped, e => e.StartsWith("TrafficRoute shop/broken", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Watches_only_the_namespaces_it_is_given()
    {
        await using var rig = await KubernetesSourceRig.StartAsync(
            api =>
            {
                SeedCatalog(api);
                api.Apply(MeshServices, MeshService("other", "catalog"));
                api.Apply(MeshServices, MeshService("staging", "catalog"));
            },
            "shop",
            "staging");

        Assert.Equal(["shop/catalog", "staging/catalog"], rig.Config.Services.Keys);
        Assert.All(rig.Api.Requests, r => Assert.Matches("/namespaces/(shop|staging)/", r));
    }

    [Fact]
    public async Task The_same_objects_give_the_same_version_whatever_order_they_were_created_and_changed_in()
    {
        var objects = new (string Collection, System.Text.Json.Nodes.JsonObject Object)[]
        {
            (MeshServices, MeshService("shop", "catalog")),
            (MeshServices, MeshService("shop", "basket")),
            (Services, Service("shop", "catalog")),
            (Pods, Pod("shop", "catalog-v1", "v1")),
            (Pods, Pod("shop", "catalog-v2", "v2")),
            (EndpointSlices, EndpointSlice("shop", "catalog-a", "catalog", 8080, new SliceEndpoint("10.0.0.2", Pod: "catalog-v2"), new SliceEndpoint("10.0.0.1", Pod: "catalog-v1"))),
            (EndpointSlices, EndpointSlice("shop", "catalog-b", "catalog", 8080, new SliceEndpoint("10.0.0.3", Pod: "catalog-v1"))),
            (TrafficRoutes, KubernetesObjects.Mesh("TrafficRoute", "shop", "catalog", """{"service":"catalog","rules":[{"destinations":[{"subset":"v1","weight":90},{"subset":"v2","weight":10}]}]}""")),
        };

        await using var forward = await KubernetesSourceRig.StartAsync(api =>
        {
            foreach (var (collection, item) in objects)
            {
                api.Apply(collection, item);
            }
        });
        await using var backward = await KubernetesSourceRig.StartAsync(api =>
        {
            foreach (var (collection, item) in objects.Reverse())
            {
                api.Apply(collection, item);
                api.Apply(collection, item);
            }
        });

        Assert.Equal(forward.Store.Current!.Version, backward.Store.Current!.Version);
        Assert.Equal(["10.0.0.1:8080", "10.0.0.2:8080", "10.0.0.3:8080"], forward.Endpoints("shop/catalog"));
    }

    [Fact]
    public async Task Lists_large_collections_page_by_page_and_starts_over_when_a_continue_token_expires()
    {
        await using var rig = await KubernetesSourceRig.StartAsync(api =>
        {
            SeedCatalog(api);
            for (var i = 0; i < 1100; i++)
            {
                api.Apply(Pods, Pod("shop", $"filler-{i:D4}", "v1"));
            }

            // Sorted last, so its labels arrive only with the third page.
            api.Apply(Pods, Pod("shop", "zz-catalog-v2", "v2", "late-sa"));
            api.Apply(EndpointSlices, EndpointSlice("shop", "catalog-a", "catalog", 8080, new SliceEndpoint("10.0.0.1", Pod: "zz-catalog-v2")));
        });

        var endpoint = Assert.Single(rig.Config.Services["shop/catalog"].Spec.Endpoints);
        Assert.Equal("late-sa", endpoint.Labels[EndpointSliceResolver.ServiceAccountLabel]);
        Assert.Equal(2, rig.Api.Requests.Count(r => r.Contains("/api/v1/pods?limit=500&continue=", StringComparison.Ordinal)));

        // A relist whose continue token expires midway starts again from the first page, then succeeds.
        // (A write first, so a watch that opens only after the expiry also starts from a compacted resourceVersion.)
        rig.Api.ExpireContinueTokens = true;
        rig.Api.Apply(Pods, Pod("shop", "filler-extra", "v1"));
        rig.Api.ExpireWatches();
        await Eventually(() => rig.Logger.Entries.Count(e => e.Message.Contains("continue parameter is too old", StringComparison.Ordinal)) >= 1);
        rig.Api.ExpireContinueTokens = false;
        await Eventually(() => rig.Lists("/api/v1/pods") >= 3 && rig.Api.Requests.Count(r => r.Contains("/api/v1/pods?limit=500&continue=", StringComparison.Ordinal)) >= 4);
        Assert.Equal("late-sa", Assert.Single(rig.Config.Services["shop/catalog"].Spec.Endpoints).Labels[EndpointSliceResolver.ServiceAccountLabel]);
    }

    [Fact]
    public async Task Presents_the_token_from_its_file_on_every_request_and_picks_up_a_rotated_token()
    {
        var tokenFile = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(tokenFile, "first\n");
            await using var api = await FakeKubernetesApi.StartAsync();
            api.RequiredToken = "first";
            SeedCatalog(api);
            var store = new ConfigStore(TimeProvider.System);
            var settings = new KubernetesSourceSettings(api.Url, tokenFile, null, []);
            await using var source = new KubernetesConfigSource(settings, null, store, TimeProvider.System, new Discovery.RecordingLogger<KubernetesConfigSource>());
            Assert.True(await source.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token));

            // The token rotates: the API server takes only the new one, and mesh-cp reads it from the file.
            api.RequiredToken = "second";
            api.DropWatches();
            await File.WriteAllTextAsync(tokenFile, "second\n");
            api.Apply(EndpointSlices, EndpointSlice("shop", "catalog-a", "catalog", 8080, new SliceEndpoint("10.0.0.7", Pod: "catalog-v1")));

            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            while (store.Current!.Config.Services["shop/catalog"].Spec.Endpoints.IsEmpty)
            {
                Assert.True(DateTime.UtcNow < deadline, "the endpoint never arrived with the rotated token");
                await Task.Delay(20);
            }
        }
        finally
        {
            File.Delete(tokenFile);
        }
    }

    [Fact]
    public async Task Trusts_the_api_server_through_the_cluster_ca_file_only_and_speaks_http2_to_it()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=kube-apiserver", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        using var certificate = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
        var caFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(caFile, created.ExportCertificatePem());
        try
        {
            await using var api = await FakeKubernetesApi.StartAsync(0, certificate);
            SeedCatalog(api);
            Assert.Equal("https", api.Url.Scheme);

            var store = new ConfigStore(TimeProvider.System);
            await using (var trusting = new KubernetesConfigSource(new KubernetesSourceSettings(api.Url, null, caFile, []), null, store, TimeProvider.System, new Discovery.RecordingLogger<KubernetesConfigSource>()))
            {
                Assert.True(await trusting.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token));
            }

            Assert.True(store.Current!.Config.Services.ContainsKey("shop/catalog"));
            Assert.Equal(["HTTP/2"], api.Protocols);

            // Without the cluster CA the API server is not trusted: nothing is listed, and the failure says why.
            var logger = new Discovery.RecordingLogger<KubernetesConfigSource>();
            await using var untrusting = new KubernetesConfigSource(new KubernetesSourceSettings(api.Url, null, null, []), null, new ConfigStore(TimeProvider.System), TimeProvider.System, logger);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => untrusting.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(2)).Token));
            Assert.Contains(logger.Entries, e => e.Message.Contains("SSL", StringComparison.OrdinalIgnoreCase) && e.Message.Contains("retrying in", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(caFile);
        }
    }

    [Fact]
    public async Task Says_to_install_the_crds_while_they_are_missing_and_serves_once_they_are()
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        api.SetMissing(Meshes, missing: true);
        SeedCatalog(api);
        var logger = new Discovery.RecordingLogger<KubernetesConfigSource>();
        var store = new ConfigStore(TimeProvider.System);
        await using var source = new KubernetesConfigSource(new KubernetesSourceSettings(api.Url, null, null, []), null, store, TimeProvider.System, logger);
        var start = source.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

        await Eventually(() => logger.Entries.Any(e => e.Message.Contains("mesh install --crds-only | kubectl apply -f -", StringComparison.Ordinal)));
        Assert.False(start.IsCompleted);

        api.SetMissing(Meshes, missing: false);
        Assert.True(await start);
        Assert.True(store.Current!.Config.Services.ContainsKey("shop/catalog"));
    }

    [Fact]
    public void Finds_the_api_server_and_credentials_of_the_cluster_it_runs_in()
    {
        var environment = new Dictionary<string, string?> { ["KUBERNETES_SERVICE_HOST"] = "10.100.0.1", ["KUBERNETES_SERVICE_PORT"] = "443" };

        var settings = KubernetesSourceSettings.Resolve(null, null, ["shop"], name => environment.GetValueOrDefault(name));

        Assert.Equal(new Uri("https://10.100.0.1:443"), settings.ApiServer);
        Assert.Equal("/var/run/secrets/kubernetes.io/serviceaccount/token", settings.TokenFile);
        Assert.Equal(["shop"], settings.Namespaces.ToArray());
        Assert.Equal(new Uri("http://127.0.0.1:6443"), KubernetesSourceSettings.Resolve(new Uri("http://127.0.0.1:6443"), null, [], _ => null).ApiServer);
        Assert.Throws<InvalidOperationException>(() => KubernetesSourceSettings.Resolve(null, null, [], _ => null));
    }

    private static void SeedCatalog(FakeKubernetesApi api)
    {
        api.Apply(MeshServices, MeshService("shop", "catalog"));
        api.Apply(Services, Service("shop", "catalog", port: 80, targetPort: 8080));
        api.Apply(Pods, Pod("shop", "catalog-v1", "v1", "catalog-sa"));
        api.Apply(Pods, Pod("shop", "catalog-v2", "v2", "catalog-sa"));
    }

    /// <summary>Cuts the open watches and returns the request of the EndpointSlice watch that replaces them.</summary>
    private static async Task<string> RewatchAsync(KubernetesSourceRig rig)
    {
        bool IsSliceWatch(string request) => request.Contains(Slices + "?watch=1", StringComparison.Ordinal);
        await Eventually(() => rig.Api.OpenWatches(EndpointSlices) > 0);
        var before = rig.Api.Requests.Count(IsSliceWatch);
        rig.Api.DropWatches();
        await Eventually(() => rig.Api.Requests.Count(IsSliceWatch) > before);
        return rig.Api.Requests.Last(IsSliceWatch);
    }

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 20 s");
            await Task.Delay(50);
        }
    }

    private static async Task Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 20 s");
            await Task.Delay(10);
        }
    }
}
