using Pv3d.Data;
using Pv3d.Networks;
using Pv3d.Torch;
using Pv3d.Video;

namespace Pv3d.Training.Loop;

/// <summary>
/// A PNG of the EMA generator's frames for fixed identities (rows) under a few views × times (columns): the same
/// latents and cameras at every save, so grids of one run show training progress side by side.
/// </summary>
public sealed class SampleGrid : IDisposable
{
    public const string FolderName = "samples";
    private static readonly float[] Times = { 0f, 0.5f, 1f };
    private const ulong SampleStream = 0x53414D504C450000UL;

    private readonly ulong _seed;
    private readonly Tensor _cameras;

    /// <summary>Picks <paramref name="views"/> cameras from the dataset with a generator derived from <paramref name="seed"/>.</summary>
    public SampleGrid(VideoDataset dataset, ulong seed, int rows = 4, int views = 2)
    {
        if (rows < 1 || views < 1) throw new ArgumentOutOfRangeException(nameof(rows), "a grid needs at least one row and one view");
        _seed = seed;
        Rows = rows;
        using var scope = TensorScope.Enter();
        // The first camera of each pair is the view.
        _cameras = dataset.GeneratorCameras(views, DataRandom.ForStream(seed ^ SampleStream, 0)).Select(1, 0).Contiguous().DetachFromScopes();
    }

    public int Rows { get; }
    public int Views => (int)_cameras.Size(0);
    public int Columns => Views * Times.Length;

    public static string PathFor(string runDir, long numUpdates) =>
        System.IO.Path.Combine(runDir, FolderName, $"samples-{numUpdates:D8}.png");

    /// <summary>Renders the grid with <paramref name="generator"/> (no grad, constant noise) and writes it as a PNG.</summary>
    public RgbFrames Render(TriPlaneGenerator generator)
    {
        using var noGrad = Autograd.NoGrad();
        using var scope = TensorScope.Enter();
        TorchRandom.ManualSeed((long)(DataRandom.ForStream(_seed ^ SampleStream, 1).NextUInt64() >> 1));
        var zDim = (int)generator.ZDim;
        var z = Tensor.Randn(new[] { (long)Rows, zDim }, DType.Float32);
        var zMotion = Tensor.Randn(new[] { (long)Rows, generator.MotionDim }, DType.Float32);
        var n = (long)Columns;
        var (cams, mapping) = RowCameras(_cameras, Times.Length);
        var ts = Tensor.FromArray(Enumerable.Range(0, Views).SelectMany(_ => Times).ToArray(), n, 1);
        var cells = new List<RgbFrames>();
        for (var row = 0; row < Rows; row++)
        {
            using var rowScope = TensorScope.Enter();
            var zRow = z.Narrow(0, row, 1).Repeat(n, 1);
            var zmRow = zMotion.Narrow(0, row, 1).Repeat(n, 1);
            var output = generator.Forward(zRow, zmRow, ts, cams, cMapping: mapping, noiseMode: NoiseMode.Const);
            var frames = FrameConversion.ImagesToFrames(output.Image);
            for (var i = 0; i < frames.Count; i++) cells.Add(frames.Select(new[] { i }));
        }
        return FrameGrid.Compose(cells, Rows, Columns, padding: 2);
    }

    /// <summary>
    /// The cameras of one row, views [V, 25] each repeated for <paramref name="times"/> columns → rendering cameras
    /// [V·times, 25], and the mapping network's camera: view 0's for every cell, as at inference (one conditioning
    /// camera per video), so that a row shows one identity turning rather than a different one per view.
    /// </summary>
    public static (Tensor Rendering, Tensor Mapping) RowCameras(Tensor views, int times)
    {
        using var scope = TensorScope.Enter();
        var n = views.Size(0) * times;
        var rendering = views.Unsqueeze(1).Repeat(1, times, 1).Reshape(n, -1);
        var mapping = views.Narrow(0, 0, 1).Repeat(n, 1);
        return (rendering.MoveToOuterScope(), mapping.MoveToOuterScope());
    }

    public string Write(TriPlaneGenerator generator, string runDir, long numUpdates)
    {
        var path = PathFor(runDir, numUpdates);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        VideoWriter.WritePng(path, Render(generator));
        return path;
    }

    public void Dispose() => _cameras.Dispose();
}
