using Pv3d.Applications.Generation;
using Pv3d.Torch;

namespace Pv3d.Tests.Applications.Generation;

/// <summary>
/// A closed-form stand-in for the generator: the image encodes the camera's x position (red), time (green)
/// and the codes (blue); depth is the camera distance plus a ramp. Time and codes go through the planes. Records every call.
/// </summary>
internal sealed class FakeRenderer : IFrameRenderer
{
    public const int Height = 12, Width = 16, DepthRes = 4;

    private readonly int _height, _width;

    /// <param name="height">Frame height (default <see cref="Height"/>); larger frames make memory use measurable.</param>
    public FakeRenderer(int height = Height, int width = Width) => (_height, _width) = (height, width);

    public int ZDim => 8;
    public int MotionDim => 4;
    public Device Device => Device.CPU;

    public List<float[]> MappingCameras { get; } = new();
    public List<float[]> MappedZ { get; } = new();
    /// <summary>Frames per Render call (one per view and batch).</summary>
    public List<int> BatchSizes { get; } = new();
    /// <summary>Frames per Planes call (one per batch of times).</summary>
    public List<int> PlaneBatchSizes { get; } = new();
    public List<float> Times { get; } = new();
    public List<float[]> MotionCodes { get; } = new();
    /// <summary>The rendering cameras of every Render call, one float[25] per frame.</summary>
    public List<float[]> RenderCameras { get; } = new();

    public Tensor Map(Tensor z, Tensor mappingCamera, double truncationPsi = 1, int? truncationCutoff = null)
    {
        MappingCameras.Add(mappingCamera.ToArray<float>());
        MappedZ.Add(z.ToArray<float>());
        return z.Mul(truncationPsi).Unsqueeze(1).Repeat(1, 3, 1);
    }

    /// <summary>Planes carry t and the code colour per frame: [B, 2].</summary>
    public FramePlanes Planes(Tensor ws, Tensor zMotion, Tensor t)
    {
        var b = (int)ws.Size(0);
        PlaneBatchSizes.Add(b);
        Times.AddRange(t.ToArray<float>());
        MotionCodes.Add(zMotion.Select(0, 0).ToArray<float>());
        var code = ws.Mean(new[] { 1, 2 }).Add(zMotion.Mean(new[] { 1 })).Tanh().View(b, 1);
        return new FramePlanes(Tensor.Cat(new[] { t.View(b, 1), code }, 1), ws);
    }

    public RenderedFrames Render(FramePlanes planes, Tensor cameras)
    {
        var b = (int)planes.Count;
        BatchSizes.Add(b);
        var flat = cameras.Contiguous().ToArray<float>();
        for (var i = 0; i < b; i++) RenderCameras.Add(flat[(i * 25)..((i + 1) * 25)]);
        var camX = cameras.Select(1, 3).View(b, 1, 1, 1);          // cam2world[0, 3]
        var red = camX.Tanh().Expand(b, 1, _height, _width);
        var green = planes.Planes.Select(1, 0).View(b, 1, 1, 1).Mul(2).Sub(1).Expand(b, 1, _height, _width);
        var blue = planes.Planes.Select(1, 1).View(b, 1, 1, 1).Expand(b, 1, _height, _width);
        var image = Tensor.Cat(new[] { red, green, blue }, 1);
        var distance = cameras.Select(1, 11).View(b, 1, 1, 1);     // cam2world[2, 3]
        var ramp = Tensor.Arange(DepthRes * DepthRes).View(1, 1, DepthRes, DepthRes).Div(100);
        return new RenderedFrames(image, distance.Add(ramp));
    }
}
