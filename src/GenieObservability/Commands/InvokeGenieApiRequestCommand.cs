using System.Management.Automation;
using GenieObservability.Commands.Infrastructure;

namespace GenieObservability.Commands;

/// <summary>
/// Calls any workspace REST API path with the connection's credential, retries and error handling, and returns the
/// JSON response as objects. Anything but GET asks ShouldProcess first.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "GenieApiRequest", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(PSObject))]
public sealed class InvokeGenieApiRequestCommand : GenieContextCmdlet
{
    [Parameter(Position = 0)]
    [ValidateSet("GET", "POST", "PATCH", "PUT", "DELETE", IgnoreCase = true)]
    public string Method { get; set; } = "GET";

    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public object? Body { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("WorkspaceHost", "workspace_url")]
    public Uri? Workspace { get; set; }

    protected override void ProcessRecord()
    {
        var method = new HttpMethod(Method.ToUpperInvariant());
        try
        {
            Engine.Http.DatabricksApiClient.ValidatePath(Path);
        }
        catch (ArgumentException ex)
        {
            Fail(ex.Message, "InvalidApiPath", ErrorCategory.InvalidArgument, Path);
            return;
        }

        var session = RequireWorkspace();
        var host = Workspace ?? session.Host;
        var body = Body is null ? null : ToJson(Body);
        if (method != HttpMethod.Get && !ShouldProcess($"{host.GetLeftPart(UriPartial.Authority)}{Engine.Http.DatabricksApiClient.PathOnly(Path)}", $"Send {method.Method} request"))
        {
            return;
        }

        Engine.Http.DatabricksApiClient api;
        try
        {
            api = session.Api(Workspace, Log);
        }
        catch (GenieObservabilityException ex)
        {
            Fail(ex, Workspace);
            return;
        }

        // Only GET, and PUT/DELETE which replace or remove, are repeated after an ambiguous failure; POST and PATCH are not.
        var idempotent = method == HttpMethod.Get || method == HttpMethod.Put || method == HttpMethod.Delete;
        var path = Path;
        string? json;
        try
        {
            json = Run(async cancellationToken =>
            {
                using var document = await api.SendAsync(method, path, body, idempotent, cancellationToken).ConfigureAwait(false);
                return document.RootElement.GetRawText();
            });
        }
        catch (GenieObservabilityException ex)
        {
            WriteError(ErrorRecords.From(ex, Path));
            return;
        }

        foreach (var item in InvokeCommand.InvokeScript(false, ScriptBlock.Create("param($json) ConvertFrom-Json -InputObject $json -Depth 1024"), null, json))
        {
            WriteObject(item);
        }
    }

    private string ToJson(object body)
    {
        var value = body is PSObject wrapped ? wrapped.BaseObject : body;
        if (value is string text)
        {
            return text;
        }

        var converted = InvokeCommand.InvokeScript(false, ScriptBlock.Create("param($value) ConvertTo-Json -InputObject $value -Depth 100 -Compress"), null, body);
        return converted.Count == 1 ? converted[0].ToString() : throw new ArgumentException("The body could not be converted to JSON.");
    }
}
