using System.Text.Json.Nodes;
using GenieObservability.Engine.Deployment;

namespace GenieObservability.Engine.Tests.Deployment;

/// <summary>Only a real difference in a managed setting makes an edit; the service's own spelling does not.</summary>
public sealed class PipelineSettingsPlanTests
{
    private const string FilePath = "/Workspace/Users/admin@example.com/GenieObservability/pipeline.sql";
    private static readonly PipelineInstallRequest Request = new("main", "genie_analytics", ["42"]);

    [Fact]
    public void The_new_settings_compare_equal_to_themselves()
    {
        var plan = PipelineSettingsPlan.Compare(PipelineSettingsPlan.NewSettings(Request, FilePath), Request, FilePath);

        Assert.Empty(plan.Differences);
    }

    [Fact]
    public void Lower_case_names_an_omitted_false_and_a_path_without_its_mount_are_no_difference()
    {
        var spec = PipelineSettingsPlan.NewSettings(Request, FilePath);
        spec["catalog"] = "MAIN";
        spec["schema"] = "Genie_Analytics";
        spec.Remove("continuous");
        spec["libraries"] = new JsonArray(new JsonObject { ["file"] = new JsonObject { ["path"] = "/Users/admin@example.com/GenieObservability/pipeline.sql" } });
        spec["photon"] = true;
        spec["edition"] = "ADVANCED";

        var plan = PipelineSettingsPlan.Compare(spec, Request, FilePath);

        Assert.Empty(plan.Differences);
    }

    [Fact]
    public void Each_managed_setting_that_differs_is_one_line_and_the_rest_of_the_spec_is_kept()
    {
        var spec = PipelineSettingsPlan.NewSettings(Request, FilePath);
        spec["continuous"] = true;
        spec["serverless"] = false;
        spec["clusters"] = new JsonArray(new JsonObject { ["num_workers"] = 1 });
        spec["libraries"]!.AsArray().Add(new JsonObject { ["notebook"] = new JsonObject { ["path"] = "/Users/x/extra" } });
        spec["configuration"]!["genie.workspace_ids"] = "7";
        spec["configuration"]!.AsObject().Remove("genie.window_end");
        spec["tags"] = new JsonObject { ["team"] = "platform" };

        var plan = PipelineSettingsPlan.Compare(spec, Request, FilePath);

        Assert.Equal(
            [
                "serverless: false -> true (cluster settings removed)",
                "continuous: true -> false",
                $"libraries: {spec["libraries"]!.ToJsonString()} -> file {FilePath}",
                "genie.workspace_ids: '7' -> '42'",
                "genie.window_end: (none) -> ''",
            ],
            plan.Differences);
        Assert.Equal("platform", (string?)plan.Settings["tags"]!["team"]);
        Assert.False(plan.Settings.ContainsKey("clusters"));
        Assert.Single(plan.Settings["libraries"]!.AsArray());
    }
}
