using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace GenieObservability.Engine.Tests.Bundles;

/// <summary>
/// Validates bundle configuration files against the Databricks CLI's published bundle schema
/// (tests/data/bundle/jsonschema.json), since no CLI can deploy here: a databricks.yml with every file its include
/// globs name, or one YAML file (a resources/*.yml is a partial bundle configuration, validated by the same schema).
/// </summary>
internal static class BundleSchema
{
    // Draft 2020-12 with unknown keywords allowed: the CLI's schema nests its definitions under "$defs/github.com/..."
    // and adds editor keywords (markdownDescription, enumDescriptions, doNotSuggest...).
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromFile(TestPaths.InRepository("tests", "data", "bundle", "jsonschema.json"), new BuildOptions { Dialect = Dialect.Draft202012 }));

    /// <summary>The errors of one YAML document, as "instance location: message"; empty when it is valid.</summary>
    public static IReadOnlyList<string> Validate(JsonNode? document)
    {
        using var json = JsonDocument.Parse(document?.ToJsonString() ?? "null");
        var results = Schema.Value.Evaluate(json.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return [];
        }

        // Every value may also be a ${...} reference (a oneOf branch), so a wrong value fails on every level above it
        // too; only the deepest locations say what is wrong.
        var failed = (results.Details ?? []).Where(d => d.Errors is { Count: > 0 }).ToList();
        var locations = failed.Select(d => d.InstanceLocation.ToString()).ToHashSet(StringComparer.Ordinal);
        var errors = failed
            .Where(d => !locations.Any(other => other.StartsWith(d.InstanceLocation + "/", StringComparison.Ordinal)))
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return errors.Count > 0 ? errors : ["the document does not match the bundle schema"];
    }

    /// <summary>The errors of a bundle: its root file and every file its include globs match, each prefixed with the file.</summary>
    public static IReadOnlyList<string> ValidateBundle(string rootFile)
    {
        var root = YamlDocument.Load(rootFile);
        var errors = Validate(root).Select(e => $"{Path.GetFileName(rootFile)} {e}").ToList();
        foreach (var included in IncludedFiles(rootFile, root))
        {
            errors.AddRange(Validate(YamlDocument.Load(included)).Select(e => $"{Path.GetRelativePath(Path.GetDirectoryName(rootFile)!, included)} {e}"));
        }

        return errors;
    }

    /// <summary>The files the root's include globs match (a '*' in the file name part only, as the bundle files here use).</summary>
    public static IReadOnlyList<string> IncludedFiles(string rootFile, JsonNode? root)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(rootFile))!;
        var files = new List<string>();
        foreach (var pattern in (root?["include"] as JsonArray ?? []).Select(p => (string?)p).OfType<string>())
        {
            var directory = Path.Combine(folder, Path.GetDirectoryName(pattern) ?? string.Empty);
            files.AddRange(Directory.Exists(directory) ? Directory.GetFiles(directory, Path.GetFileName(pattern)).Order(StringComparer.Ordinal) : []);
        }

        return files;
    }
}
