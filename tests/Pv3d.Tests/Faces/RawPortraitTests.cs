using Pv3d.Applications.Inversion;
using Pv3d.Faces.Camera;
using Pv3d.Rendering.Cameras;
using Pv3d.Video;

namespace Pv3d.Tests.Faces;

/// <summary>
/// The raw-photo path of <c>pv3d invert</c> / <c>pv3d animate</c> (<see cref="PortraitTarget.Resolve"/>): without a
/// camera the photo's face is found, aligned and its camera estimated; <c>frontal</c> or a camera file keep the image
/// as it is.
/// </summary>
public sealed class RawPortraitTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pv3d-portrait-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void FrontalOrACameraFileKeepTheImageAsItIs()
    {
        var frontal = PortraitTarget.Resolve("some.png", "Frontal", _dir);
        Assert.Equal(("some.png", (string?)null, (string?)null), (frontal.ImagePath, frontal.CameraPath, frontal.Note));
        var file = PortraitTarget.Resolve("some.png", "cam.json", _dir);
        Assert.Equal(("some.png", "cam.json"), (file.ImagePath, file.CameraPath));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir));
    }

    [Fact]
    public void RawPhotoIsAlignedAndGetsAPlausibleCameraAndAnAlignedCropAlignsByNearlyTheIdentity()
    {
        // The astronaut photo (512², the face off centre at about 190 px): a raw photo.
        var first = Path.Combine(_dir, "first");
        Directory.CreateDirectory(first);
        var target = PortraitTarget.Resolve(FaceFixtures.AstronautPath, null, first, 256);
        Assert.Contains("no camera given", target.Note);
        Assert.Equal(Path.Combine(first, "aligned.png"), target.ImagePath);
        var crop = VideoReader.Probe(target.ImagePath);
        Assert.Equal((256, 256), (crop.Width, crop.Height));
        var camera = Assert.Single(CameraFile.Load(target.CameraPath!)).Camera;
        Assert.Equal(2.7, (HeadPoseCamera.Pivot - camera.Position).Length, 3);
        var face = target.Face!;
        // A near-frontal portrait: small yaw; pitch within the estimate's known error (docs/faces.md).
        Assert.InRange(face.Camera.YawDegrees, -5, 5);
        Assert.InRange(face.Camera.PitchDegrees, -6, 6);
        Assert.Equal(HeadPoseCamera.YawDegrees(camera), face.Camera.YawDegrees, 6);
        // The crop is not the photo: the face is cut out of a larger image, upright (the astronaut's head is barely tilted).
        var centre = face.CropToSource.Apply(128, 128);
        Assert.True(face.CropToSource.Scale is > 0.5 and < 2.5, $"scale {face.CropToSource.Scale}");
        Assert.True(Math.Abs(face.CropToSource.RotationDegrees) < 10, $"rotation {face.CropToSource.RotationDegrees}");
        Assert.True(Math.Abs(centre.X - 256) + Math.Abs(centre.Y - 256) > 20, $"crop centre {centre} is the photo's centre");

        // The aligned crop is already in the training framing: aligning it again is close to the identity.
        var second = Path.Combine(_dir, "second");
        Directory.CreateDirectory(second);
        var again = PortraitTarget.Resolve(target.ImagePath, null, second, 256).Face!;
        var t = again.CropToSource;
        Assert.True(Math.Abs(t.Scale - 1) < 0.03, $"scale {t.Scale}");
        Assert.True(Math.Abs(t.RotationDegrees) < 1.5, $"rotation {t.RotationDegrees}°");
        foreach (var (x, y) in new[] { (128.0, 128.0), (0.0, 0.0), (256.0, 256.0) })
        {
            var (sx, sy) = t.Apply(x, y);
            Assert.True(Math.Abs(sx - x) < 4 && Math.Abs(sy - y) < 4, $"({x}, {y}) maps to ({sx:0.0}, {sy:0.0})");
        }
        Assert.True(Math.Abs(again.Camera.YawDegrees - face.Camera.YawDegrees) < 2, $"yaw {again.Camera.YawDegrees} vs {face.Camera.YawDegrees}");
        Assert.True(Math.Abs(again.Camera.PitchDegrees - face.Camera.PitchDegrees) < 2, $"pitch {again.Camera.PitchDegrees} vs {face.Camera.PitchDegrees}");
    }

    [Fact]
    public void AnImageWithoutAFaceSaysHowToUseItAsItIs()
    {
        var blank = Path.Combine(_dir, "blank.png");
        VideoWriter.WritePng(blank, new RgbFrames(1, 64, 64));
        var error = Assert.Throws<Pv3dException>(() => PortraitTarget.Resolve(blank, null, _dir));
        Assert.Contains("no face found", error.Message);
        Assert.Contains("'frontal'", error.Message);
        Assert.Equal(new[] { "Camera" }, error.Settings);
    }
}
