namespace GenieObservability.Engine.Tests.Http;

/// <summary>Collects what the client logs, to check retries are reported and no secret is.</summary>
internal sealed class RecordingLog : IOperationLog
{
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return _lines.ToArray();
            }
        }
    }

    public void Verbose(string message) => Add("VERBOSE: " + message);

    public void Debug(string message) => Add("DEBUG: " + message);

    public void Warning(string message) => Add("WARNING: " + message);

    public void Progress(OperationProgress progress)
    {
    }

    private void Add(string line)
    {
        lock (_lines)
        {
            _lines.Add(line);
        }
    }
}
