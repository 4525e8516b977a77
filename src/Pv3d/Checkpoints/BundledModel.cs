using Pv3d.Config;
using Pv3d.Torch.IO;

namespace Pv3d.Checkpoints;

/// <summary>
/// The generator that ships in the repository (<c>models/synthetic-heads.safetensors</c>, model card
/// <c>models/README.md</c>): what every command uses when it is given no checkpoint. The setting
/// <c>PV3D_MODEL</c> (environment) points elsewhere; without it the file is looked for under the program's
/// folder and its parents, so a checkout finds its own copy from <c>bin/</c> and from the tests, wherever the
/// working directory is. The file is checked before use (a readable safetensors header holding our generator
/// format and config), so a missing or damaged copy fails with a message that names it and says how to restore it.
/// </summary>
public static class BundledModel
{
    public const string EnvironmentVariable = "PV3D_MODEL";
    public const string RelativePath = "models/synthetic-heads.safetensors";
    public const string Name = "synthetic-heads";

    /// <summary>The bundled model's path, checked to be a readable generator file.</summary>
    public static string Resolve() => Check(Locate());

    /// <summary>Where the bundled model is expected (the setting, or the first <c>models/</c> above the program holding it).</summary>
    public static string Locate()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } env) return env;
        string? first = null;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, RelativePath);
            if (File.Exists(candidate)) return candidate;
            // Remember the checkout root (the first folder above the program with a models/ folder) so that a
            // missing file is reported where it belongs rather than in bin/.
            if (first is null && Directory.Exists(Path.Combine(dir.FullName, "models"))) first = candidate;
        }
        return first ?? RelativePath;
    }

    /// <summary>
    /// Fails with a message naming <paramref name="path"/> unless it exists and its header is one of our generator
    /// files with a config; returns the path.
    /// </summary>
    public static string Check(string path)
    {
        var restore = $"restore it (git checkout -- {RelativePath}) or give another checkpoint";
        if (!File.Exists(path))
            throw new Pv3dException($"the bundled model {path} is missing; {restore}");
        (Dictionary<string, string> Metadata, long ExpectedLength)? header;
        try
        {
            header = SafeTensors.TryReadHeader(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new Pv3dException($"the bundled model {path} cannot be read ({e.Message}); {restore}", e);
        }
        if (header is not { Metadata: var metadata, ExpectedLength: var expected })
            throw new Pv3dException($"the bundled model {path} is damaged (not a readable safetensors file); {restore}");
        if (!metadata.TryGetValue(CheckpointExporter.FormatMetadataKey, out var format) || format != CheckpointExporter.FormatName
            || !metadata.ContainsKey(CheckpointLoader.ConfigMetadataKey))
            throw new Pv3dException($"the bundled model {path} is damaged (no pv3d generator format and config in its metadata); {restore}");
        var actual = new FileInfo(path).Length;
        if (expected != actual)
            throw new Pv3dException($"the bundled model {path} is damaged ({actual} bytes, its header describes {expected}); {restore}");
        return path;
    }

    /// <summary>One line for <c>pv3d info</c> and the commands' notice: name, output resolution, size on disk.</summary>
    public static string Describe(string path)
    {
        var metadata = SafeTensors.TryReadMetadata(path)!;
        var config = ModelConfig.FromJson(metadata[CheckpointLoader.ConfigMetadataKey], path);
        var megabytes = new FileInfo(path).Length / (1024.0 * 1024.0);
        return $"{Name}: {config.Generator.ImgResolution}² frames, {megabytes:0.0} MB";
    }
}
