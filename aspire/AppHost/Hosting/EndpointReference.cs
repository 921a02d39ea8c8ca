namespace AppHost.Hosting;

/// <summary>An HTTP endpoint a resource listens on; the endpoint named <c>http</c> becomes <c>ASPNETCORE_URLS</c>.</summary>
internal sealed record EndpointReference(string Name, string Host, int Port)
{
    public const string DefaultName = "http";

    public string Url => $"http://{Host}:{Port}";

    /// <summary>The address to probe: loopback by number, so no name lookup or IPv6 attempt comes first.</summary>
    public string ProbeUrl => $"http://127.0.0.1:{Port}";
}
