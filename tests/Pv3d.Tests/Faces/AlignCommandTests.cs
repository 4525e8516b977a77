using Pv3d.Faces;
using Pv3d.Faces.Camera;
using Pv3d.Rendering.Cameras;
using Pv3d.Torch;
using Pv3d.Video;

namespace Pv3d.Tests.Faces;

/// <summary><c>pv3d align</c> end to end on the real photo, and its answers to bad input.</summary>
public sealed class AlignCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pv3d-align-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static void WritePng(string path, Tensor image) => VideoWriter.WritePng(path, FaceImage.ToFrames(image));

    [Fact]
    public void AlignsThePhotoAndWritesCropCameraLandmarksAndPreview()
    {
        var outDir = Path.Combine(_dir, "out");
        Assert.Equal(0, Pv3d.Cli.Program.Main(["align", "--image", FaceFixtures.AstronautPath, "--out", outDir, "--size", "128"]));
        var crop = VideoReader.Read(Path.Combine(outDir, "astronaut.png"));
        Assert.Equal((128, 128), (crop.Width, crop.Height));
        var cameras = CameraFile.Load(Path.Combine(outDir, "astronaut_camera.json"));
        Assert.Equal("astronaut.png", Assert.Single(cameras).Name);
        var c = cameras[0].Camera;
        Assert.Equal(2.7, (HeadPoseCamera.Pivot - c.Position).Length, 3);
        Assert.Equal(4.2647, c.K(0, 0), 4);
        var info = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "astronaut_landmarks.json"))).RootElement;
        Assert.Equal(68, info.GetProperty("landmarks").GetArrayLength());
        Assert.Equal(1, info.GetProperty("faces_found").GetInt32());
        var preview = VideoReader.Read(Path.Combine(outDir, "astronaut_preview.png"));
        Assert.Equal(128, preview.Height);
        Assert.True(preview.Width > 128);
    }

    [Fact]
    public void BadInputExitsWithCodeTwo()
    {
        using var scope = TensorScope.Enter();
        var outDir = Path.Combine(_dir, "out");
        Assert.Equal(2, Pv3d.Cli.Program.Main(["align", "--image", Path.Combine(_dir, "missing.png"), "--out", outDir]));
        var garbage = Path.Combine(_dir, "garbage.png");
        File.WriteAllText(garbage, "not an image");
        Assert.Equal(2, Pv3d.Cli.Program.Main(["align", "--image", garbage, "--out", outDir]));
        var blank = Path.Combine(_dir, "blank.png");
        WritePng(blank, Tensor.Full([1, 3, 96, 128], 128));
        Assert.Equal(2, Pv3d.Cli.Program.Main(["align", "--image", blank, "--out", outDir]));
        Assert.False(File.Exists(Path.Combine(outDir, "blank.png")));
    }

    [Fact]
    public void LibraryMessagesNameTheProblem()
    {
        using var scope = TensorScope.Enter();
        using var preparer = new FacePreparer(SharedFaces.Analyzer) { MinFaceSize = 300 };
        var small = Assert.Throws<Pv3dException>(() => preparer.Prepare(FaceFixtures.Astronaut(), "astronaut.png", 64));
        Assert.Contains("too small", small.Message);
        var none = Assert.Throws<Pv3dException>(() => preparer.Prepare(Tensor.Full([1, 3, 96, 128], 90), "grey.png", 64));
        Assert.Contains("no face", none.Message);
    }

    [Fact]
    public void SeveralFacesTakeTheLargestAndSaySo()
    {
        using var scope = TensorScope.Enter();
        // The photo beside a half-size copy of itself: two faces, the full-size one is the larger.
        var photo = FaceFixtures.Astronaut();
        var half = Functional.Interpolate(photo, (256, 256), InterpolateMode.Bilinear, antialias: true);
        var padded = Functional.Pad(half, [0, 0, 0, 256], PadMode.Constant, 128);
        var both = Tensor.Cat([photo, padded], 3);
        using var preparer = new FacePreparer(SharedFaces.Analyzer);
        using var face = preparer.Prepare(both, "two faces", 64);
        Assert.Equal(2, face.FacesFound);
        Assert.Contains("using the largest", Assert.Single(face.Notes));
        Assert.True(face.Face.Box.X < 512, $"took the face at x {face.Face.Box.X}");
    }
}
