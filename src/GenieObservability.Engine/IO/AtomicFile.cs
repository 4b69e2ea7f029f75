namespace GenieObservability.Engine.IO;

/// <summary>
/// Writes a whole file or nothing: a hidden temporary file beside the target, then a rename over it, so a crash or a
/// full disk never leaves half a file. <see cref="WriteIfChanged"/> also leaves a file that already holds the bytes
/// untouched, so its modification time stays (and git, backup tools and file watchers see nothing).
/// </summary>
internal static class AtomicFile
{
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var temporary = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>Writes <paramref name="bytes"/> (creating the folder) unless the file already holds them; true when it wrote.</summary>
    public static bool WriteIfChanged(string path, byte[] bytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(bytes);
        if (HasBytes(path, bytes))
        {
            return false;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        WriteAllBytes(path, bytes);
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
