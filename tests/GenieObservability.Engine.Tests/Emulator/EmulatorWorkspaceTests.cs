using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GenieObservability.Emulator;

namespace GenieObservability.Engine.Tests.Emulator;

/// <summary>The Workspace API paths the JavaScript SDK contract test does not take: seeding, multipart import, folder zips, direct download.</summary>
public sealed class EmulatorWorkspaceTests : IAsyncLifetime
{
    private const string Token = "dapi-emulator-workspace";
    private WorkspaceEmulator _emulator = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _emulator = await WorkspaceEmulator.StartAsync();
        _emulator.State.Tokens.AddStaticToken(Token);
        using var seed = JsonDocument.Parse("""
            { "workspace": { "directories": ["/Shared/empty"], "files": [
                { "path": "/Workspace/Shared/app/query.sql", "content": "SELECT 1;" },
                { "path": "/Shared/app/etl", "content": "SELECT 2;", "language": "SQL" } ] } }
            """);
        _emulator.State.LoadSeed(seed.RootElement);
        _http = new HttpClient { BaseAddress = _emulator.BaseAddress };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public void Seeded_objects_are_found_under_either_spelling_of_their_path()
    {
        var file = _emulator.State.Workspace.Find("/Shared/app/query.sql");
        var notebook = _emulator.State.Workspace.Find("/Workspace/Shared/app/etl");

        Assert.Equal("FILE", file?.ObjectType);
        Assert.Equal("NOTEBOOK", notebook?.ObjectType);
        Assert.Equal("SQL", notebook?.Language);
        Assert.True(_emulator.State.Workspace.Find("/Shared/empty")?.IsDirectory);
        Assert.True(_emulator.State.Workspace.Find("/Users/" + _emulator.State.CurrentUser)?.IsDirectory);
    }

    [Fact]
    public async Task A_multipart_import_and_a_direct_download_carry_the_bytes_unchanged()
    {
        var bytes = Encoding.UTF8.GetBytes("SELECT 'héllo';\r\n");
        using var form = new MultipartFormDataContent
        {
            { new StringContent("/Shared/app/upload.sql"), "path" },
            { new StringContent("AUTO"), "format" },
            { new StringContent("true"), "overwrite" },
            { new ByteArrayContent(bytes), "content", "upload.sql" },
        };

        using var imported = await _http.PostAsync("api/2.0/workspace/import", form);
        var downloaded = await _http.GetByteArrayAsync("api/2.0/workspace/export?path=/Shared/app/upload.sql&direct_download=true");

        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.Equal(bytes, downloaded);
    }

    [Fact]
    public async Task A_folder_exports_as_a_zip_and_a_source_zip_imports_as_a_folder()
    {
        using var export = JsonDocument.Parse(await _http.GetStringAsync("api/2.0/workspace/export?path=/Shared/app&format=SOURCE"));
        var zip = Convert.FromBase64String(export.RootElement.GetProperty("content").GetString()!);
        using (var archive = new ZipArchive(new MemoryStream(zip)))
        {
            Assert.Equal(["etl.sql", "query.sql"], archive.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        }

        using var imported = await _http.PostAsync("api/2.0/workspace/import", Json(new JsonObject { ["path"] = "/Shared/copy", ["format"] = "SOURCE", ["content"] = Convert.ToBase64String(zip) }));
        using var notZip = await _http.PostAsync("api/2.0/workspace/import", Json(new JsonObject { ["path"] = "/Shared/bad", ["format"] = "SOURCE", ["content"] = Convert.ToBase64String("SELECT 1"u8.ToArray()) }));

        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.Equal("NOTEBOOK", _emulator.State.Workspace.Find("/Shared/copy/etl")?.ObjectType);
        Assert.Equal("NOTEBOOK", _emulator.State.Workspace.Find("/Shared/copy/query")?.ObjectType);
        Assert.Equal(HttpStatusCode.BadRequest, notZip.StatusCode);
        Assert.Contains("INVALID_PARAMETER_VALUE", await notZip.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_requests_get_the_service_error_codes()
    {
        using var relative = await _http.GetAsync("api/2.0/workspace/get-status?path=Shared/app");
        using var tooBig = await _http.PostAsync("api/2.0/workspace/import", Json(new JsonObject { ["path"] = "/Shared/big.sql", ["format"] = "RAW", ["content"] = Convert.ToBase64String(new byte[WorkspaceStore.MaxContentBytes + 1]) }));
        using var badBase64 = await _http.PostAsync("api/2.0/workspace/import", Json(new JsonObject { ["path"] = "/Shared/x.sql", ["format"] = "RAW", ["content"] = "%%%" }));
        using var root = await _http.PostAsync("api/2.0/workspace/delete", Json(new JsonObject { ["path"] = "/", ["recursive"] = true }));

        Assert.Equal(HttpStatusCode.BadRequest, relative.StatusCode);
        Assert.Contains("MAX_NOTEBOOK_SIZE_EXCEEDED", await tooBig.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("INVALID_PARAMETER_VALUE", await badBase64.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, root.StatusCode);
    }

    private static StringContent Json(JsonObject body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");
}
