using System.Text.Json.Nodes;

namespace GenieObservability.Engine.Pipeline;

/// <summary>A pipeline as GET /api/2.0/pipelines/{id} returns it: its settings (spec) and when they last changed.</summary>
public sealed record PipelineDefinition(string Id, string? Name, JsonObject Spec, long? LastModified);
