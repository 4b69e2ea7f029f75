using System.Text;
using System.Text.RegularExpressions;

namespace GenieObservability.Engine.Pipeline;

/// <summary>
/// sql/pipeline.sql exactly as the module ships it (an embedded resource of the engine): the file Install-GeniePipeline
/// uploads, and the genie.* configuration keys it reads, taken from its ${...} references.
/// </summary>
public static partial class PipelineSource
{
    public const string FileName = "pipeline.sql";

    private const string ResourceName = "GenieObservability.Engine.Sql.pipeline.sql";

    private static readonly Lazy<byte[]> Bytes = new(Load);
    private static readonly Lazy<IReadOnlyList<string>> Keys = new(() => ReadKeys(Encoding.UTF8.GetString(Bytes.Value)));

    public static ReadOnlyMemory<byte> Content => Bytes.Value;

    /// <summary>The configuration keys the SQL substitutes, in order of first use.</summary>
    public static IReadOnlyList<string> ConfigurationKeys => Keys.Value;

    public static bool SameContent(ReadOnlySpan<byte> other) => other.SequenceEqual(Bytes.Value);

    internal static IReadOnlyList<string> ReadKeys(string sql) =>
        ConfigurationReference().Matches(sql).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).ToList();

    private static byte[] Load()
    {
        using var stream = typeof(PipelineSource).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The engine assembly lacks the resource {ResourceName}.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    [GeneratedRegex(@"\$\{(genie\.[A-Za-z0-9_]+)\}", RegexOptions.CultureInvariant)]
    private static partial Regex ConfigurationReference();
}
