using GenieObservability.Engine.Deployment;
using GenieObservability.Engine.Workspace;

namespace GenieObservability.Engine.Tests.Deployment;

/// <summary>Every install parameter is checked before any request.</summary>
public sealed class PipelineInstallRequestTests
{
    [Fact]
    public void Defaults_name_the_pipeline_after_its_schema_and_leave_the_folder_to_the_home_folder()
    {
        var request = new PipelineInstallRequest("main", "genie_analytics", [" 123 ", "456", "123", ""]);

        Assert.Equal("Genie Observability (main.genie_analytics)", request.Name);
        Assert.Equal(["123", "456"], request.WorkspaceIds);
        Assert.Null(request.Folder);
        Assert.Equal("/Workspace/Users/sp-1234/GenieObservability", PipelineInstallRequest.DefaultFolder("sp-1234"));
    }

    [Theory]
    [InlineData("main;drop", "genie_analytics", null, null, null, "InvalidIdentifier")]
    [InlineData("main", "genie analytics", null, null, null, "InvalidIdentifier")]
    [InlineData("main", "genie_analytics", "12a", null, null, "InvalidWorkspaceId")]
    [InlineData("main", "genie_analytics", "1') OR true --", null, null, "InvalidWorkspaceId")]
    [InlineData("main", "genie_analytics", null, "It's mine", null, "InvalidPipelineName")]
    [InlineData("main", "genie_analytics", null, " padded", null, "InvalidPipelineName")]
    [InlineData("main", "genie_analytics", null, null, "Shared/genie", "InvalidWorkspacePath")]
    [InlineData("main", "genie_analytics", null, null, "/Shared/../Users/x", "InvalidWorkspacePath")]
    public void A_bad_value_is_an_invalid_argument(string catalog, string schema, string? workspaceId, string? name, string? folder, string errorId)
    {
        var error = Assert.Throws<GenieObservabilityException>(() => new PipelineInstallRequest(catalog, schema, workspaceId is null ? null : [workspaceId], name, folder));

        Assert.Equal(errorId, error.ErrorId);
        Assert.Equal(GenieErrorCategory.InvalidArgument, error.Category);
    }

    [Theory]
    [InlineData("/Shared/genie", "/Workspace/Shared/genie")]
    [InlineData("/Workspace/Shared//genie/", "/Workspace/Shared/genie")]
    [InlineData("/Workspace/Users/a@b.com/x y", "/Workspace/Users/a@b.com/x y")]
    public void Folders_are_kept_in_their_Workspace_form(string given, string expected)
    {
        Assert.Equal(expected, new PipelineInstallRequest("main", "s", folder: given).Folder);
        Assert.Equal(expected, WorkspacePath.Normalize(given));
    }
}
