using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Mesh.Bench.Sdk.Load;

/// <summary>
/// <c>upstream</c>: the Kestrel server the load run calls, in its own process so its work and allocations
/// stay out of the client's figures. One HTTP/1.1 and one h2c listener on 127.0.0.1, each replying a fixed
/// 13-byte body; prints its ports, then runs until its standard input closes.
/// </summary>
internal static class UpstreamServer
{
    public const string ReadyPrefix = "upstream ready:";
    private static readonly byte[] Body = "hello, mesh!\n"u8.ToArray();

    public static async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        ListenOptions? http1 = null;
        ListenOptions? h2c = null;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, listen => { listen.Protocols = HttpProtocols.Http1; http1 = listen; });
            kestrel.Listen(IPAddress.Loopback, 0, listen => { listen.Protocols = HttpProtocols.Http2; h2c = listen; });
        });
        await using var app = builder.Build();
        app.Run(context =>
        {
            context.Response.ContentType = "text/plain";
            context.Response.ContentLength = Body.Length;
            return context.Response.Body.WriteAsync(Body, context.RequestAborted).AsTask();
        });
        await app.StartAsync(cancellationToken);
        Console.WriteLine($"{ReadyPrefix} http1={http1!.IPEndPoint!.Port} h2c={h2c!.IPEndPoint!.Port}");

        // The parent holds our standard input; when it exits or disposes us, the read returns null.
        await Console.In.ReadLineAsync(cancellationToken);
        await app.StopAsync(CancellationToken.None);
        return 0;
    }
}
