namespace Pv3d.Faces;

/// <summary>
/// Where the pretrained face models live: the <c>model/</c> folder of the npm package
/// <c>@vladmandic/face-api</c> (1.7.15, MIT), which <c>./setup.sh</c> fetches into <c>models/face-api/</c>.
/// The setting is the environment variable <c>PV3D_FACE_MODELS</c>; without it the folder is looked for as
/// <c>models/face-api</c> in the working directory, the program's folder and their parents (so a checkout's
/// folder is found from <c>bin/</c> and from the tests). Nothing is ever downloaded at run time.
/// </summary>
public static class FaceModelFolder
{
    public const string EnvironmentVariable = "PV3D_FACE_MODELS";
    public const string DefaultRelativePath = "models/face-api";

    /// <summary>The folder holding the manifests, or a <see cref="Pv3dException"/> that says how to get it.</summary>
    public static string Resolve(string? folder = null)
    {
        folder ??= Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } env ? env : null;
        if (folder is not null)
        {
            if (!Directory.Exists(folder))
                throw new Pv3dException($"face model folder {folder} (setting {EnvironmentVariable}) does not exist; run ./setup.sh to fetch the face models");
            return folder;
        }
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, DefaultRelativePath);
                if (File.Exists(Path.Combine(candidate, "VERSION")) || Directory.Exists(candidate) && Directory.EnumerateFiles(candidate, "*manifest.json").Any())
                    return candidate;
            }
        throw new Pv3dException(
            $"face models not found ({DefaultRelativePath} or the setting {EnvironmentVariable}); run ./setup.sh to fetch them (@vladmandic/face-api)");
    }

    /// <summary>The manifest file of one model (for example <c>face_landmark_68_model</c>), checked to exist.</summary>
    public static string Manifest(string modelName, string? folder = null)
    {
        var dir = Resolve(folder);
        var path = Path.Combine(dir, modelName + "-weights_manifest.json");
        if (!File.Exists(path))
            throw new Pv3dException($"{path} is missing from the face model folder; run ./setup.sh to fetch the face models again");
        return path;
    }
}
