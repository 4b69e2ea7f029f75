using System.Text.Json.Nodes;

namespace GenieObservability.Engine.Tests.Spaces;

/// <summary>Serialized spaces shaped like the API's (contract §1.4): text fields are arrays of lines, lists sorted by id.</summary>
internal static class SpaceSamples
{
    public static string SerializedSpace(string instruction = "Revenue is net of refunds.", string catalog = "dev") => new JsonObject
    {
        ["version"] = 2,
        ["config"] = new JsonObject
        {
            ["sample_questions"] = new JsonArray(
                new JsonObject { ["id"] = "01f0a1b2c3d4e5f60718293a4b5c6d7e", ["question"] = new JsonArray($"What is in {catalog}.sales.orders?") }),
        },
        ["data_sources"] = new JsonObject
        {
            ["tables"] = new JsonArray(
                new JsonObject { ["identifier"] = $"{catalog}.sales.customers", ["description"] = new JsonArray("Customers") },
                new JsonObject { ["identifier"] = $"{catalog}.sales.orders", ["description"] = new JsonArray("Orders; see my_dev.sales for the sandbox copy") }),
        },
        ["instructions"] = new JsonObject
        {
            ["text_instructions"] = new JsonArray(
                new JsonObject { ["id"] = "01f0a1b2c3d4e5f60718293a4b5c6d7f", ["content"] = new JsonArray("Use fiscal quarters.", instruction, $"Join {catalog}.sales.orders to {catalog}.sales.customers on customer_id.") }),
            ["example_question_sqls"] = new JsonArray(
                new JsonObject
                {
                    ["id"] = "01f0a1b2c3d4e5f60718293a4b5c6d80",
                    ["question"] = new JsonArray("Top customers"),
                    ["sql"] = new JsonArray("SELECT c.name, SUM(o.amount)\n", $"FROM {catalog}.sales.orders o JOIN `{catalog}`.sales.customers c USING (customer_id)\n", "GROUP BY 1"),
                }),
        },
        ["benchmarks"] = new JsonObject
        {
            ["questions"] = new JsonArray(
                new JsonObject { ["id"] = "01f0a1b2c3d4e5f60718293a4b5c6d81", ["question"] = new JsonArray("Orders last week"), ["answer"] = new JsonArray(new JsonObject { ["format"] = "SQL", ["content"] = new JsonArray($"SELECT COUNT(*) FROM {catalog}.sales.orders") }) }),
        },
    }.ToJsonString();

    public static GenieSpaceDetail Detail(string spaceId = "01f0aaaabbbbccccddddeeeeffff0000", string? title = "Sales", string? serialized = null, string status = GenieSpaceFetchStatus.Ok) => new()
    {
        WorkspaceId = "1234567890",
        WorkspaceUrl = "https://adb-1234567890.1.azuredatabricks.net",
        SpaceId = spaceId,
        Title = title,
        Description = "Sales questions over dev.sales",
        WarehouseId = "wh-dev",
        Etag = "etag-1",
        SerializedSpace = serialized ?? SerializedSpace(),
        FetchStatus = status,
    };
}
