using Pv3d.Data;
using Pv3d.Rendering.Cameras;

namespace Pv3d.Applications.Evaluation;

/// <summary>
/// Where a generated FVD video takes its cameras: the canonical camera for every frame, a random run of consecutive
/// cameras of one camera file, or — as the official <c>generating_loop</c> does with <c>dataset.get_label</c> — a random
/// clip of a dataset in the official layout and a random run of its cameras.
/// </summary>
public abstract class FvdCameras
{
    /// <summary>What the cameras are, for messages and the JSON results.</summary>
    public abstract string Name { get; }

    /// <summary>The cameras of one video of <paramref name="frames"/> frames, drawn with <paramref name="rng"/>.</summary>
    public abstract IReadOnlyList<Camera> Clip(Random rng, int frames);

    /// <summary>Refuses a camera source that cannot give <paramref name="frames"/> cameras per video.</summary>
    public virtual void Check(int frames) { }

    public static FvdCameras Canonical { get; } = new CanonicalCameras();

    /// <summary>A camera file (JSON of [name, 25 numbers]) whose runs of consecutive cameras drive the videos.</summary>
    public static FvdCameras FromFile(string path) => new PathCameras(path, CameraFile.Load(path).Select(c => c.Camera).ToList());

    /// <summary>The clips of a dataset folder in the official layout (<c>voxceleb.list</c>, <c>smoothed_camera2world/</c>).</summary>
    public static FvdCameras FromDataset(string root) => new DatasetCameras(root);

    private sealed class CanonicalCameras : FvdCameras
    {
        public override string Name => "canonical";
        public override IReadOnlyList<Camera> Clip(Random rng, int frames) => Enumerable.Repeat(Camera.Canonical, frames).ToList();
    }

    private sealed class PathCameras(string path, IReadOnlyList<Camera> cameras) : FvdCameras
    {
        public override string Name => $"camera file {path}";

        public override void Check(int frames)
        {
            if (cameras.Count < frames) throw new Pv3dException($"{path}: the camera file has {cameras.Count} cameras; {frames}-frame videos need at least {frames}");
        }

        public override IReadOnlyList<Camera> Clip(Random rng, int frames)
        {
            var start = rng.Next(0, cameras.Count - frames + 1);
            return Enumerable.Range(start, frames).Select(i => cameras[i]).ToList();
        }
    }

    /// <summary>
    /// The official <c>VoxCelebDataset.get_label</c>: a clip drawn uniformly from the list, then
    /// <c>offset = randint(max(1, total − frames − 1))</c> and the cameras of frames offset .. offset + frames − 1, an index
    /// past the clip's end reading its last camera. Camera files are read when their clip is drawn.
    /// </summary>
    private sealed class DatasetCameras : FvdCameras
    {
        private readonly DatasetLayout _layout;
        private readonly IReadOnlyList<string> _entries;
        private readonly Dictionary<string, IReadOnlyList<Camera>> _loaded = new();

        public DatasetCameras(string root)
        {
            _layout = new DatasetLayout(root);
            _entries = _layout.ReadList();
        }

        public override string Name => $"dataset {_layout.Root} ({_entries.Count} clips)";

        public override IReadOnlyList<Camera> Clip(Random rng, int frames)
        {
            var entry = _entries[rng.Next(0, _entries.Count)];
            if (!_loaded.TryGetValue(entry, out var cameras))
            {
                var path = _layout.CameraPath(entry);
                if (!File.Exists(path)) throw new Pv3dException($"{path}: camera file of clip {entry} not found");
                cameras = CameraFile.Load(path).Select(c => c.Camera).ToList();
                if (cameras.Count == 0) throw new Pv3dException($"{path}: no cameras");
                if (_loaded.Count < 4096) _loaded[entry] = cameras;
            }
            var offset = rng.Next(0, Math.Max(1, cameras.Count - frames - 1));
            return Enumerable.Range(offset, frames).Select(i => cameras[Math.Min(i, cameras.Count - 1)]).ToList();
        }
    }
}
