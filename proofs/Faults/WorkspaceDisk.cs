using System.Diagnostics;

namespace Codewalkers.Proofs.Faults;

/// <summary>
/// The agents' workspace (<c>$CW_HOME/workspace</c>: clones, worktrees, every agent's files and logs) on a tmpfs of
/// its own, small enough to fill: mounted before the system starts, filled and emptied by the disk-full row, unmounted
/// at the end. Mounting needs root (CAP_SYS_ADMIN); without it the row is skipped, saying why.
/// </summary>
public sealed class WorkspaceDisk
{
    public const int SizeMb = 64;
    private const int ChunkBytes = 1024 * 1024;

    private WorkspaceDisk(string path) => Path = path;

    public string Path { get; }
    public bool Mounted { get; private set; } = true;
    private string Filler => System.IO.Path.Combine(Path, "filler");

    /// <summary>Mounts the tmpfs at <paramref name="path"/>; null and why not when it cannot be mounted.</summary>
    public static (WorkspaceDisk? Disk, string? Why) TryMount(string path)
    {
        Directory.CreateDirectory(path);
        var (code, output) = Run("mount", "-t", "tmpfs", "-o", $"size={SizeMb}m,mode=0755", "tmpfs", path);
        return code == 0 ? (new WorkspaceDisk(path), null) : (null, $"mount -t tmpfs: {output.Trim()}");
    }

    public long FreeBytes => new DriveInfo(Path).AvailableFreeSpace;

    /// <summary>Writes one file until the filesystem refuses more (ENOSPC); its size.</summary>
    public long Fill()
    {
        var chunk = new byte[ChunkBytes];
        // Unbuffered: a refused write must not stay in a buffer that the close would try again.
        using var file = new FileStream(Filler, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0);
        foreach (var size in (int[])[ChunkBytes, 4096])
        {
            try
            {
                while (true) file.Write(chunk, 0, size);
            }
            catch (IOException) { /* full at this granularity: go on with smaller writes */ }
        }
        return file.Length;
    }

    public void Empty() => File.Delete(Filler);

    /// <summary>Unmounts; lazily when something still has a file open there (an agent's process that outlived the system).</summary>
    public string Unmount()
    {
        var (code, output) = Run("umount", Path);
        if (code == 0)
        {
            Mounted = false;
            return "unmounted";
        }
        var holders = Holders();
        var (lazy, lazyOutput) = Run("umount", "-l", Path);
        Mounted = lazy != 0;
        return (lazy == 0 ? $"unmounted lazily ({output.Trim()})" : $"not unmounted: {lazyOutput.Trim()}")
            + $"; still using it: {(holders.Count == 0 ? "no process found" : string.Join(", ", holders))}";
    }

    /// <summary>The processes whose working directory or open files are on the tmpfs: what kept it busy.</summary>
    private List<string> Holders()
    {
        List<string> holders = [];
        foreach (var proc in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(System.IO.Path.GetFileName(proc), out var pid)) continue;
            try
            {
                var links = Directory.EnumerateFileSystemEntries(System.IO.Path.Combine(proc, "fd"))
                    .Append(System.IO.Path.Combine(proc, "cwd"))
                    .Select(link => new FileInfo(link).LinkTarget ?? "");
                if (links.Any(target => target.StartsWith(Path + "/", StringComparison.Ordinal) || target == Path))
                    holders.Add($"{pid} {File.ReadAllText(System.IO.Path.Combine(proc, "comm")).Trim()}");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { /* gone meanwhile */ }
        }
        return holders;
    }

    private static (int Code, string Output) Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output);
        }
        catch (System.ComponentModel.Win32Exception ex) { return (-1, ex.Message); }
    }
}
