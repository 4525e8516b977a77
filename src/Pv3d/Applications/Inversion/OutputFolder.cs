namespace Pv3d.Applications.Inversion;

/// <summary>Creates an output folder, turning IO failures into a user error naming it.</summary>
internal static class OutputFolder
{
    public static void Create(string path)
    {
        try
        {
            Directory.CreateDirectory(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new Pv3dException($"{path}: cannot create the output folder ({e.Message})", e);
        }
    }
}
