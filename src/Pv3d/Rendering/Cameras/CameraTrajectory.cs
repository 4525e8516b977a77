namespace Pv3d.Rendering.Cameras;

/// <summary>Builds trajectories from their command-line names.</summary>
public static class CameraTrajectory
{
    public static readonly IReadOnlyList<string> Names = new[] { "frontal", "yaw-sweep", "orbit" };

    /// <summary>
    /// <c>frontal</c>, <c>yaw-sweep</c>, <c>orbit</c>, or the path of a JSON camera file. Ranges are in radians;
    /// null keeps each trajectory's default.
    /// </summary>
    public static ICameraTrajectory Parse(string spec, double? yawRange = null, double? pitchRange = null)
    {
        switch (spec.Trim().ToLowerInvariant())
        {
            case "frontal":
                return new FrontalTrajectory();
            case "yaw-sweep":
                return new YawSweepTrajectory(yawRange ?? YawSweepTrajectory.DefaultYawRange, pitchRange ?? 0);
            case "orbit":
                return new OrbitTrajectory(yawRange ?? OrbitTrajectory.DefaultYawRange, pitchRange ?? OrbitTrajectory.DefaultPitchRange);
        }
        if (spec.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || File.Exists(spec))
            return new FileTrajectory(spec);
        throw new Pv3dException($"unknown camera '{spec}': use {string.Join(", ", Names)} or the path of a .json camera file");
    }

    internal static void CheckFrames(int frames)
    {
        if (frames < 1) throw new Pv3dException($"a video needs at least one frame, got {frames}");
    }
}
