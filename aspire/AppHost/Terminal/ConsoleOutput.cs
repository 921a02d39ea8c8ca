using AppHost.Orchestration;

namespace AppHost.Terminal;

/// <summary>
/// The AppHost's console: each resource's log lines prefixed with its name in its own colour, AppHost events,
/// and the status table. Colour only on a terminal, and never when <c>NO_COLOR</c> is set.
/// </summary>
internal sealed class ConsoleOutput
{
    private const string Reset = "\u001b[0m";
    private static readonly string[] Palette = ["\u001b[35m", "\u001b[36m", "\u001b[96m", "\u001b[33m", "\u001b[32m", "\u001b[94m", "\u001b[91m"];

    private readonly Lock _gate = new();
    private readonly bool _colour = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null;

    public void WriteLog(string resource, int colour, string line) =>
        Write(_colour ? $"{Palette[colour % Palette.Length]}{resource,-12}|{Reset} {line}" : $"{resource,-12}| {line}");

    public void WriteEvent(string message) =>
        Write(_colour ? $"\u001b[1m[apphost]{Reset} {message}" : $"[apphost] {message}");

    public void WriteTable(IReadOnlyList<ResourceSnapshot> rows) => Write(StatusTable.Render(rows, _colour));

    private void Write(string text)
    {
        lock (_gate)
        {
            Console.Out.WriteLine(text);
        }
    }
}
