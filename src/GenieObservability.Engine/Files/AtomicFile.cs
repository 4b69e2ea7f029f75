namespace GenieObservability.Engine.Files;

/// <summary>
/// Writes a file whole or not at all: through a hidden temporary file in the same folder and a rename, so a crash or a
/// full disk never leaves half a file, and only when the bytes differ, so an unchanged file keeps its modification time
/// (and git, backup tools and file watchers see nothing).
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> unless it already holds them; true when it wrote.</summary>
    public static bool WriteIfChanged(string path, byte[] bytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(bytes);
        if (HasBytes(path, bytes))
        {
            return false;
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp");
        try
        {
            File.WriteAllBytes(temporary, bytes);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }

        return true;
    }

    /// <summary>True when <paramref name="path"/> exists and holds exactly <paramref name="bytes"/>.</summary>
    public static bool HasBytes(string path, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var info = new FileInfo(path);
        return info.Exists && info.Length == bytes.Length && File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes);
    }
}
