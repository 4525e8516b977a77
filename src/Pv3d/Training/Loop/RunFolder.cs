using System.Globalization;
using Pv3d.Torch.IO;

namespace Pv3d.Training.Loop;

/// <summary>
/// What a run folder holds and the checks made before a training touches it: the path must be a folder (or not exist
/// yet, under a folder); a folder that holds a run (a non-empty log or a checkpoint) is only continued (resume) or,
/// on request (overwrite), moved aside into <c>previous-YYYYMMDD-HHMMSS/</c> so that two runs never mix.
/// </summary>
public static class RunFolder
{
    /// <summary>What is moved aside by overwrite.</summary>
    private static readonly string[] RunEntries = { TrainingLog.FileName, Trainer.CheckpointFolder, SampleGrid.FolderName };

    /// <summary>Throws a <see cref="Pv3dException"/> when the run folder is a file or lies under one.</summary>
    public static void CheckPath(string runDir)
    {
        var type = FileKind.Of(runDir);
        if (type is not (FileType.Directory or FileType.Missing))
            throw new Pv3dException($"{runDir}: the run folder is {FileKind.Describe(type)}, not a folder");
        if (type == FileType.Missing && FileKind.FileAncestor(runDir) is { } file)
            throw new Pv3dException($"{runDir}: cannot create the run folder: {file} is a file, not a folder");
    }

    /// <summary>A short description of the run a folder holds ("log of 12 updates, 3 checkpoints up to update 12"), or null when it holds none.</summary>
    public static string? Describe(string runDir)
    {
        var log = Path.Combine(runDir, TrainingLog.FileName);
        var lines = File.Exists(log) ? File.ReadLines(log).Count(l => l.Length > 0) : 0;
        var checkpoints = Directory.Exists(Path.Combine(runDir, Trainer.CheckpointFolder))
            ? Directory.GetFiles(Path.Combine(runDir, Trainer.CheckpointFolder), "ckpt-*.safetensors").Length
            : 0;
        if (lines == 0 && checkpoints == 0) return null;
        var latest = Trainer.LatestCheckpoint(runDir);
        return $"a log of {lines} update(s), {checkpoints} checkpoint(s)" + (latest is null ? "" : $", the newest {Path.GetFileName(latest)}");
    }

    /// <summary>Moves the log, checkpoints and samples of the folder's run into a new <c>previous-TIME/</c> subfolder; returns it.</summary>
    public static string MoveAside(string runDir)
    {
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var aside = Path.Combine(runDir, $"previous-{stamp}");
        for (var n = 2; Directory.Exists(aside); n++) aside = Path.Combine(runDir, $"previous-{stamp}-{n}");
        Directory.CreateDirectory(aside);
        foreach (var name in RunEntries)
        {
            var source = Path.Combine(runDir, name);
            if (Directory.Exists(source)) Directory.Move(source, Path.Combine(aside, name));
            else if (File.Exists(source)) File.Move(source, Path.Combine(aside, name));
        }
        return aside;
    }

    /// <summary>Removes a run folder this run created when it holds nothing but the lock file (a run that failed before starting).</summary>
    public static void DeleteIfOnlyLock(string runDir)
    {
        try
        {
            var lockFile = Path.Combine(runDir, RunFolderLock.FileName);
            if (Directory.EnumerateFileSystemEntries(runDir).All(e => e == lockFile))
            {
                if (File.Exists(lockFile)) File.Delete(lockFile);
                Directory.Delete(runDir);
            }
        }
        catch (IOException)
        {
            // Best effort: an empty folder left behind is no error of its own.
        }
    }
}
