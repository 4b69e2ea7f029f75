using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GenieObservability.Emulator;

/// <summary>One object of the workspace tree: a directory, a notebook or a file.</summary>
public sealed class WorkspaceObject(long objectId, string path, string objectType)
{
    public long ObjectId { get; } = objectId;

    /// <summary>The canonical path: absolute, without the optional /Workspace mount prefix.</summary>
    public string Path { get; } = path;

    /// <summary>DIRECTORY, NOTEBOOK or FILE.</summary>
    public string ObjectType { get; set; } = objectType;

    /// <summary>PYTHON, R, SCALA or SQL for notebooks; null otherwise.</summary>
    public string? Language { get; set; }

    /// <summary>The bytes of a file, or the source of a notebook; null for directories.</summary>
    public byte[]? Content { get; set; }

    public long CreatedAt { get; set; }

    public long ModifiedAt { get; set; }

    public bool IsDirectory => ObjectType == "DIRECTORY";
}

/// <summary>
/// The workspace tree behind /api/2.0/workspace (import, export, get-status, mkdirs, list, delete), following the
/// Workspace API: absolute paths with an optional /Workspace mount prefix, 10 MB content limit, import formats SOURCE
/// (a notebook in the given language, or a zip of a folder without one), AUTO (a notebook when the content starts with
/// the "Databricks notebook source" header, the extension then dropped; a file otherwise) and RAW (a file), a parent
/// folder that must exist, and RESOURCE_DOES_NOT_EXIST / RESOURCE_ALREADY_EXISTS / DIRECTORY_NOT_EMPTY errors.
/// Seeded from the top-level "workspace" key: { "directories": ["/Shared/x"], "files": [{ "path", "content", "language"? }] }.
/// </summary>
public sealed class WorkspaceStore
{
    public const int MaxContentBytes = 10 * 1024 * 1024;

    private const string MountPrefix = "/Workspace";

    private static readonly Dictionary<string, string> NotebookHeaders = new(StringComparer.Ordinal)
    {
        ["-- Databricks notebook source"] = "SQL",
        ["# Databricks notebook source"] = "PYTHON",
        ["// Databricks notebook source"] = "SCALA",
    };

    private static readonly Dictionary<string, string> LanguageExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        [".sql"] = "SQL",
        [".py"] = "PYTHON",
        [".scala"] = "SCALA",
        [".r"] = "R",
    };

    private readonly object _gate = new();
    private readonly Dictionary<string, WorkspaceObject> _objects = new(StringComparer.Ordinal);
    private long _nextId = 1_000_000_000_000;

    public WorkspaceStore(string currentUser)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(currentUser);
        Add("/", "DIRECTORY");
        foreach (var folder in (string[])["/Users", "/Shared", "/Users/" + currentUser])
        {
            Mkdirs(folder);
        }
    }

    public void LoadSeed(JsonElement seed)
    {
        if (!seed.TryGetProperty("workspace", out var workspace) || workspace.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (workspace.TryGetProperty("directories", out var directories))
        {
            foreach (var directory in directories.EnumerateArray())
            {
                Mkdirs(directory.GetString()!);
            }
        }

        if (workspace.TryGetProperty("files", out var files))
        {
            foreach (var file in files.EnumerateArray())
            {
                var path = file.GetProperty("path").GetString()!;
                var language = file.TryGetProperty("language", out var l) ? l.GetString() : null;
                Mkdirs(ParentOf(Canonical(path)));
                var content = Encoding.UTF8.GetBytes(file.GetProperty("content").GetString() ?? string.Empty);
                Import(path, language is null ? "RAW" : "SOURCE", language, content, overwrite: true);
            }
        }
    }

    /// <summary>The object at <paramref name="path"/> (either spelling), or null.</summary>
    public WorkspaceObject? Find(string path)
    {
        var canonical = Canonical(path);
        lock (_gate)
        {
            return _objects.GetValueOrDefault(canonical);
        }
    }

    /// <summary>Creates the folder and every missing parent; fails when any prefix is not a folder.</summary>
    public void Mkdirs(string path)
    {
        var canonical = Canonical(path);
        lock (_gate)
        {
            var prefixes = new List<string>();
            for (var current = canonical; current != "/"; current = ParentOf(current))
            {
                prefixes.Insert(0, current);
            }

            foreach (var prefix in prefixes)
            {
                if (_objects.TryGetValue(prefix, out var existing))
                {
                    if (!existing.IsDirectory)
                    {
                        throw new DatabricksApiException(400, "RESOURCE_ALREADY_EXISTS", $"{prefix} already exists and it is not a folder.");
                    }

                    continue;
                }

                Add(prefix, "DIRECTORY");
            }
        }
    }

    /// <summary>Imports content as the format says; returns the object created or replaced.</summary>
    public WorkspaceObject Import(string path, string? format, string? language, byte[] content, bool overwrite)
    {
        ArgumentNullException.ThrowIfNull(content);
        var canonical = Canonical(path);
        if (content.Length > MaxContentBytes)
        {
            throw new DatabricksApiException(400, "MAX_NOTEBOOK_SIZE_EXCEEDED", $"The content of {path} exceeds the {MaxContentBytes} byte limit.");
        }

        if (language is not null && !LanguageExtensions.ContainsValue(language))
        {
            throw new DatabricksApiException(400, "INVALID_PARAMETER_VALUE", $"Invalid language: {language}. Use PYTHON, R, SCALA or SQL.");
        }

        switch (string.IsNullOrEmpty(format) ? "SOURCE" : format)
        {
            case "SOURCE" when language is not null:
                return Put(canonical, "NOTEBOOK", language, content, overwrite);
            case "SOURCE":
                return ImportFolder(canonical, content, overwrite);
            case "AUTO" when NotebookLanguage(canonical, content) is { } detected:
                return Put(StripExtension(canonical), "NOTEBOOK", detected, content, overwrite);
            case "AUTO" or "RAW":
                return Put(canonical, "FILE", null, content, overwrite);
            case "HTML" or "JUPYTER" or "DBC" or "R_MARKDOWN":
                throw new DatabricksApiException(400, "INVALID_PARAMETER_VALUE", $"The emulator imports the SOURCE, AUTO and RAW formats, not {format}.");
            default:
                throw new DatabricksApiException(400, "INVALID_PARAMETER_VALUE", $"Invalid format: {format}.");
        }
    }

    /// <summary>The exported bytes and file type of an object: a file as stored, a notebook as source with its header, a folder as a zip.</summary>
    public (byte[] Content, string FileType) Export(string path, string? format)
    {
        var canonical = Canonical(path);
        lock (_gate)
        {
            var item = _objects.GetValueOrDefault(canonical) ?? throw Missing(path);
            format = string.IsNullOrEmpty(format) ? "SOURCE" : format;
            if (format is not ("SOURCE" or "AUTO" or "RAW"))
            {
                throw new DatabricksApiException(400, "INVALID_PARAMETER_VALUE", $"The emulator exports the SOURCE, AUTO and RAW formats, not {format}.");
            }

            return item.ObjectType switch
            {
                "DIRECTORY" => (ZipFolder(canonical), "zip"),
                "NOTEBOOK" => (NotebookSource(item), ExtensionOf(item.Language!).TrimStart('.')),
                _ => (item.Content!, System.IO.Path.GetExtension(canonical).TrimStart('.')),
            };
        }
    }

    public void Delete(string path, bool recursive)
    {
        var canonical = Canonical(path);
        lock (_gate)
        {
            if (canonical == "/" || !_objects.TryGetValue(canonical, out var item))
            {
                throw canonical == "/" ? new DatabricksApiException(400, "INVALID_PARAMETER_VALUE", "The workspace root cannot be deleted.") : Missing(path);
            }

            var children = _objects.Keys.Where(k => k.StartsWith(canonical + "/", StringComparison.Ordinal)).ToList();
            if (item.IsDirectory && children.Count > 0 && !recursive)
            {
                throw new DatabricksApiException(400, "DIRECTORY_NOT_EMPTY", $"Folder ({path}) is not empty.");
            }

            foreach (var child in children)
            {
                _objects.Remove(child);
            }

            _objects.Remove(canonical);
        }
    }

    /// <summary>The children of a folder sorted by path, or the object itself when it is not a folder.</summary>
    public IReadOnlyList<WorkspaceObject> List(string path, long? notebooksModifiedAfter)
    {
        var canonical = Canonical(path);
        lock (_gate)
        {
            var item = _objects.GetValueOrDefault(canonical) ?? throw Missing(path);
            if (!item.IsDirectory)
            {
                return [item];
            }

            return _objects.Values
                .Where(o => o.Path != "/" && ParentOf(o.Path) == canonical)
                .Where(o => notebooksModifiedAfter is not { } after || o.ObjectType != "NOTEBOOK" || o.ModifiedAt > after)
                .OrderBy(o => o.Path, StringComparer.Ordinal)
                .ToList();
        }
    }

    /// <summary>ObjectInfo as get-status and list return it, with the path spelled as the request spelled it.</summary>
    public static JsonObject Info(WorkspaceObject item, bool withMountPrefix)
    {
        ArgumentNullException.ThrowIfNull(item);
        var json = new JsonObject
        {
            ["object_type"] = item.ObjectType,
            ["path"] = withMountPrefix ? MountPrefix + (item.Path == "/" ? string.Empty : item.Path) : item.Path,
            ["object_id"] = item.ObjectId,
            ["resource_id"] = item.ObjectId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (item.Language is not null)
        {
            json["language"] = item.Language;
        }

        if (item.ObjectType == "FILE")
        {
            json["created_at"] = item.CreatedAt;
            json["modified_at"] = item.ModifiedAt;
            json["size"] = item.Content!.LongLength;
        }

        return json;
    }

    /// <summary>True when the request spelled the path under the /Workspace mount.</summary>
    public static bool UsesMountPrefix(string path) =>
        path == MountPrefix || path.StartsWith(MountPrefix + "/", StringComparison.Ordinal);

    /// <summary>Absolute, duplicate slashes collapsed, no trailing slash, the /Workspace mount prefix removed.</summary>
    public static string Canonical(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new DatabricksApiException(400, "INVALID_PARAMETER_VALUE", "Missing required field: path.");
        }

        if (!path.StartsWith('/') || path.Any(char.IsControl))
        {
            throw new DatabricksApiException(400, "INVALID_PARAMETER_VALUE", $"Path ({path}) is not an absolute workspace path.");
        }

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Any(s => s is "." or ".."))
        {
            throw new DatabricksApiException(400, "INVALID_PARAMETER_VALUE", $"Path ({path}) must not contain '.' or '..' segments.");
        }

        var canonical = "/" + string.Join('/', segments);
        return UsesMountPrefix(canonical) ? (canonical.Length == MountPrefix.Length ? "/" : canonical[MountPrefix.Length..]) : canonical;
    }

    private WorkspaceObject Put(string canonical, string objectType, string? language, byte[] content, bool overwrite)
    {
        lock (_gate)
        {
            var parent = ParentOf(canonical);
            if (!_objects.TryGetValue(parent, out var folder) || !folder.IsDirectory)
            {
                throw new DatabricksApiException(404, "RESOURCE_DOES_NOT_EXIST", $"The parent folder ({parent}) does not exist.");
            }

            if (_objects.TryGetValue(canonical, out var existing))
            {
                if (!overwrite || existing.IsDirectory)
                {
                    throw new DatabricksApiException(400, "RESOURCE_ALREADY_EXISTS", $"Path ({canonical}) already exists.");
                }

                existing.ObjectType = objectType;
                existing.Language = language;
                existing.Content = content;
                existing.ModifiedAt = Now();
                return existing;
            }

            var created = Add(canonical, objectType);
            created.Language = language;
            created.Content = content;
            return created;
        }
    }

    private WorkspaceObject ImportFolder(string canonical, byte[] content, bool overwrite)
    {
        List<(string Name, byte[] Bytes)> entries;
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content), ZipArchiveMode.Read);
            entries = zip.Entries.Where(e => !e.FullName.EndsWith('/')).Select(e =>
            {
                using var stream = e.Open();
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                return (e.FullName, buffer.ToArray());
            }).ToList();
        }
        catch (InvalidDataException)
        {
            throw new DatabricksApiException(400, "INVALID_PARAMETER_VALUE", "The zip file may not be valid or may be an unsupported version.");
        }

        if (overwrite)
        {
            throw new DatabricksApiException(400, "INVALID_PARAMETER_VALUE", "Overwrite cannot be used for source format when importing a folder.");
        }

        Mkdirs(canonical);
        foreach (var (name, bytes) in entries)
        {
            var target = Canonical(canonical + "/" + name);
            Mkdirs(ParentOf(target));
            var language = LanguageExtensions.GetValueOrDefault(System.IO.Path.GetExtension(target));
            _ = language is null
                ? Put(target, "FILE", null, bytes, overwrite: false)
                : Put(StripExtension(target), "NOTEBOOK", language, bytes, overwrite: false);
        }

        return Find(canonical)!;
    }

    private byte[] ZipFolder(string canonical)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var item in _objects.Values.Where(o => !o.IsDirectory && o.Path.StartsWith(canonical + "/", StringComparison.Ordinal)).OrderBy(o => o.Path, StringComparer.Ordinal))
            {
                var name = item.Path[(canonical.Length + 1)..] + (item.ObjectType == "NOTEBOOK" ? ExtensionOf(item.Language!) : string.Empty);
                using var stream = zip.CreateEntry(name).Open();
                stream.Write(item.ObjectType == "NOTEBOOK" ? NotebookSource(item) : item.Content!);
            }
        }

        return buffer.ToArray();
    }

    private WorkspaceObject Add(string canonical, string objectType)
    {
        var now = Now();
        var item = new WorkspaceObject(_nextId++, canonical, objectType) { CreatedAt = now, ModifiedAt = now };
        _objects[canonical] = item;
        return item;
    }

    /// <summary>SOURCE export of a notebook starts with the "Databricks notebook source" header line of its language.</summary>
    private static byte[] NotebookSource(WorkspaceObject notebook)
    {
        var header = NotebookHeaders.FirstOrDefault(h => h.Value == notebook.Language).Key ?? "# Databricks notebook source";
        var source = Encoding.UTF8.GetString(notebook.Content!);
        return Encoding.UTF8.GetBytes(source.StartsWith(header, StringComparison.Ordinal) ? source : header + "\n" + source);
    }

    private static string? NotebookLanguage(string canonical, byte[] content)
    {
        var extension = System.IO.Path.GetExtension(canonical);
        if (!LanguageExtensions.TryGetValue(extension, out var byExtension))
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(content.AsSpan(0, Math.Min(content.Length, 64))).TrimStart('\uFEFF');
        var header = NotebookHeaders.Keys.FirstOrDefault(h => text.StartsWith(h, StringComparison.Ordinal));
        return header is null ? null : byExtension;
    }

    private static string ExtensionOf(string language) => LanguageExtensions.First(e => e.Value == language).Key;

    private static string StripExtension(string canonical) => canonical[..^System.IO.Path.GetExtension(canonical).Length];

    private static string ParentOf(string canonical)
    {
        var slash = canonical.LastIndexOf('/');
        return slash <= 0 ? "/" : canonical[..slash];
    }

    private static DatabricksApiException Missing(string path) => new(404, "RESOURCE_DOES_NOT_EXIST", $"Path ({path}) doesn't exist.");

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}
