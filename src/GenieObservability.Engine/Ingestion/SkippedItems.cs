using System.Globalization;

namespace GenieObservability.Engine.Ingestion;

/// <summary>Items an ingestion run did not fetch, counted by reason with a few examples: one warning, not one error each.</summary>
public sealed class SkippedItems
{
    private const int ExamplesPerReason = 3;

    private readonly Dictionary<string, (long Count, List<string> Examples)> _byReason = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public void Add(string reason, string item)
    {
        lock (_gate)
        {
            _count++;
            if (!_byReason.TryGetValue(reason, out var entry))
            {
                entry = (0, []);
            }

            if (entry.Examples.Count < ExamplesPerReason)
            {
                entry.Examples.Add(item);
            }

            _byReason[reason] = (entry.Count + 1, entry.Examples);
        }
    }

    /// <summary>The warning text, or null when nothing was skipped.</summary>
    public string? Describe()
    {
        lock (_gate)
        {
            if (_count == 0)
            {
                return null;
            }

            var reasons = _byReason.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Value.Count} because {p.Key.TrimEnd('.')} (e.g. {string.Join(", ", p.Value.Examples)})"));
            return string.Create(CultureInfo.InvariantCulture, $"{_count} message(s) to fetch were skipped: {string.Join("; ", reasons)}.");
        }
    }
}
