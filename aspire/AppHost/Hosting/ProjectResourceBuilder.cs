namespace AppHost.Hosting;

/// <summary>Configures a <see cref="ProjectResource"/>; the methods match Aspire's <c>IResourceBuilder&lt;ProjectResource&gt;</c> extensions.</summary>
internal sealed class ProjectResourceBuilder(DistributedApplicationBuilder applicationBuilder, ProjectResource resource)
{
    public DistributedApplicationBuilder ApplicationBuilder { get; } = applicationBuilder;

    public ProjectResource Resource { get; } = resource;

    public ProjectResourceBuilder WithArgs(params string[] args)
    {
        Resource.Args.AddRange(args);
        return this;
    }

    public ProjectResourceBuilder WithEnvironment(string name, string value)
    {
        Resource.Environment[name] = value;
        return this;
    }

    /// <summary>Adds an HTTP endpoint; the one named <c>http</c> is where the project listens (<c>ASPNETCORE_URLS</c>).</summary>
    public ProjectResourceBuilder WithHttpEndpoint(int port, string name = EndpointReference.DefaultName, string host = "localhost")
    {
        if (Resource.Endpoints.Exists(e => e.Name == name))
        {
            throw new InvalidOperationException($"Resource '{Resource.Name}' already has an endpoint named '{name}'.");
        }

        Resource.Endpoints.Add(new EndpointReference(name, host, port));
        if (name == EndpointReference.DefaultName)
        {
            Resource.Environment["ASPNETCORE_URLS"] = $"http://{host}:{port}";
        }

        return this;
    }

    /// <summary>Marks the resource healthy once <paramref name="path"/> on <paramref name="endpointName"/> answers 2xx.</summary>
    public ProjectResourceBuilder WithHttpHealthCheck(string path, string endpointName = EndpointReference.DefaultName)
    {
        Resource.GetEndpoint(endpointName);
        Resource.HealthPath = path;
        Resource.HealthEndpoint = endpointName;
        return this;
    }

    /// <summary>
    /// Tells this resource where <paramref name="source"/> listens, the Aspire way:
    /// <c>services__{name}__http__{n}</c>, numbered per name so two versions of one service share a name.
    /// </summary>
    public ProjectResourceBuilder WithReference(ProjectResourceBuilder source, string? name = null)
    {
        var serviceName = name ?? source.Resource.Name;
        var prefix = $"services__{serviceName}__http__";
        var index = Resource.Environment.Keys.Count(key => key.StartsWith(prefix, StringComparison.Ordinal));
        Resource.Environment[prefix + index] = source.Resource.GetEndpoint(EndpointReference.DefaultName).Url;
        return this;
    }

    /// <summary>Starts this resource only after <paramref name="dependency"/> is healthy.</summary>
    public ProjectResourceBuilder WaitFor(ProjectResourceBuilder dependency)
    {
        Resource.WaitsFor.Add(dependency.Resource);
        return this;
    }
}
