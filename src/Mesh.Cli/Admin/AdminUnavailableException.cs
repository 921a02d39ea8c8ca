namespace Mesh.Cli.Admin;

/// <summary>The admin API could not be read; the message says why and what to do next.</summary>
internal sealed class AdminUnavailableException : Exception
{
    public AdminUnavailableException()
    {
    }

    public AdminUnavailableException(string message)
        : base(message)
    {
    }

    public AdminUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
