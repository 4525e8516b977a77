using System.Numerics;
using Pv3d.Data;
using Pv3d.Data.Synthetic;
using Pv3d.Rendering.Cameras;
using Pv3d.Tests.Video;
using Pv3d.Video;

namespace Pv3d.Tests.Data;

public class SyntheticHeadsTests : IDisposable
{
    private static readonly Vector3 Grey = new(0.8f, 0.8f, 0.8f);
    private static readonly Vector3 Blue = new(0.2f, 0.4f, 0.6f);
    private static readonly (byte, byte, byte) BlueBytes = (51, 102, 153);

    private readonly string _dir = TestFrames.TempDir();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void SphereSilhouetteMatchesThePinholeProjection()
    {
        const int size = 64;
        const float r = 0.15f;
        var image = SphereTracer.Render(new SphereScene(Vector3.Zero, r, Grey, Blue), Camera.Canonical, size, size);
        // A sphere at distance D on the optical axis subtends the angle asin(r / D): its image is a disc of radius f·tan(that).
        var expectedRadius = 4.2647 * size * Math.Tan(Math.Asin(r / 2.7));
        var hits = 0;
        for (var row = 0; row < size; row++)
        for (var column = 0; column < size; column++)
        {
            var background = image.Pixel(0, row, column) == BlueBytes;
            if (!background) hits++;
            var fromCentre = Math.Sqrt(Math.Pow(column + 0.5 - size / 2.0, 2) + Math.Pow(row + 0.5 - size / 2.0, 2));
            if (fromCentre < expectedRadius - 0.75) Assert.False(background, $"pixel ({row}, {column}) inside the disc is background");
            if (fromCentre > expectedRadius + 0.75) Assert.True(background, $"pixel ({row}, {column}) outside the disc is not background");
        }
        Assert.InRange(hits, Math.PI * expectedRadius * expectedRadius * 0.97, Math.PI * expectedRadius * expectedRadius * 1.03);
    }

    [Fact]
    public void OffCentreSphereLandsWhereTheOpenCvCameraProjectsIt()
    {
        const int size = 64;
        // World +x is image right and world +y image up for the canonical camera (cam2world diag(1, -1, -1)).
        var centre = new Vector3(0.1f, 0.1f, 0);
        var image = SphereTracer.Render(new SphereScene(centre, 0.08f, Grey, Blue), Camera.Canonical, size, size);
        double sumRow = 0, sumColumn = 0, n = 0;
        for (var row = 0; row < size; row++)
        for (var column = 0; column < size; column++)
            if (image.Pixel(0, row, column) != BlueBytes)
            {
                sumRow += row + 0.5;
                sumColumn += column + 0.5;
                n++;
            }
        var (expectedColumn, expectedRow) = Project(Camera.Canonical, centre, size);
        Assert.InRange(sumColumn / n, expectedColumn - 0.5, expectedColumn + 0.5);
        Assert.InRange(sumRow / n, expectedRow - 0.5, expectedRow + 0.5);
        Assert.True(expectedColumn > size / 2.0 + 8 && expectedRow < size / 2.0 - 8);
    }

    [Fact]
    public void SphereNormalAndHitDistanceAreExact()
    {
        var scene = new SphereScene(Vector3.Zero, 0.3f, Vector3.One, Blue);
        var n = SphereTracer.Normal(scene, 0.3f * SphereTracer.LightDirection);
        Assert.True(Vector3.Distance(n, SphereTracer.LightDirection) < 5e-3f, $"normal {n}, light {SphereTracer.LightDirection}");
        var origin = new Vector3(0, 0, 2.7f);
        var t = SphereTracer.Trace(scene, origin, -Vector3.UnitZ);
        Assert.NotNull(t);
        Assert.InRange(t!.Value, 2.4f - 1e-3f, 2.4f + 1e-3f);
        Assert.Null(SphereTracer.Trace(scene, origin, Vector3.Normalize(new Vector3(0.2f, 0, -1))));
    }

    [Fact]
    public void DepthIsTheClosedFormRaySphereIntersection()
    {
        const int size = 32;
        var centre = new Vector3(0.05f, -0.03f, 0.1f);
        const float r = 0.2f;
        var camera = LookAtCamera.Create(0.3, -0.1);
        var depth = SphereTracer.RenderDepth(new SphereScene(centre, r, Grey, Blue), camera, size, size);
        var origin = new Vector3((float)camera.Position.X, (float)camera.Position.Y, (float)camera.Position.Z);
        int hits = 0, misses = 0;
        for (var row = 0; row < size; row++)
        for (var column = 0; column < size; column++)
        {
            var dir = SphereTracer.RayDirection(camera, column, row, size, size);
            var b = Vector3.Dot(origin - centre, dir);
            var disc = b * b - ((origin - centre).LengthSquared() - r * r);
            var value = depth[row * size + column];
            if (disc > 1e-3f)
            {
                // The hit lies on the sphere within the tracer's tolerance; away from grazing rays so does the depth.
                var onSurface = Vector3.Distance(origin + value * dir, centre) - r;
                Assert.InRange(onSurface, -1e-4f, 1e-3f);
                if (disc > 0.1f * r * r) Assert.InRange(value, -b - MathF.Sqrt(disc) - 2e-3f, -b - MathF.Sqrt(disc) + 1e-4f);
                hits++;
            }
            else if (disc < -1e-3f)
            {
                Assert.Equal(float.PositiveInfinity, value);
                misses++;
            }
        }
        Assert.True(hits > 50 && misses > 50);
    }

    [Fact]
    public void MetadataRoundTripsAndRebuildsEachFramesHead()
    {
        var clip = SyntheticClip.Sample(4, 6);
        var meta = SyntheticClipMeta.Of(clip, 9, 32);
        var path = Path.Combine(_dir, "meta.json");
        File.WriteAllBytes(path, meta.ToJson());
        var loaded = SyntheticClipMeta.Load(path);
        Assert.Equal(meta.ToJson(), loaded.ToJson());
        var rng = new Random(1);
        for (var frame = 0; frame < 9; frame += 4)
        {
            var truth = new HeadScene(clip.Head, clip.StateAt(SyntheticClip.TimeOf(frame, 9)));
            var rebuilt = loaded.Scene(frame);
            for (var k = 0; k < 50; k++)
            {
                var p = new Vector3(rng.NextSingle() - 0.5f, rng.NextSingle() - 0.5f, rng.NextSingle() - 0.5f);
                Assert.Equal(truth.Distance(p), rebuilt.Distance(p));
            }
        }
        File.WriteAllText(path, "[1, 2]");
        Assert.Throws<Pv3dException>(() => SyntheticClipMeta.Load(path));
    }

    [Fact]
    public void CameraFileHasOneOfficialEntryPerFrameOnTheLookAtSphere()
    {
        var clip = SyntheticClip.Sample(3, 1);
        var path = Path.Combine(_dir, "cams.json");
        File.WriteAllBytes(path, SyntheticDatasetWriter.CameraJson(clip, 7));
        var entries = CameraFile.Load(path);
        Assert.Equal(7, entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            var (name, camera) = entries[i];
            Assert.Equal(SyntheticClip.FrameName(i), name);
            Assert.Equal(4.2647, camera.K(0, 0), 4);
            Assert.Equal(0.5, camera.K(0, 2), 6);
            Assert.Equal(2.7, camera.Position.Length, 4);
            // The forward (z) axis points from the camera at the look-at point (0, 0, 0.2).
            var toTarget = (new Vec3(0, 0, 0.2) - camera.Position).Normalized();
            Assert.True(toTarget.Dot(camera.Axis(2)) > 1 - 1e-5);
            var t = SyntheticClip.TimeOf(i, 7);
            var expected = LookAtCamera.Create(clip.Motion.YawAt(t), clip.Motion.PitchAt(t));
            Assert.Equal(expected.Values, camera.Values);
        }
        Assert.NotEqual(entries[0].Camera.Values, entries[6].Camera.Values);
    }

    [Fact]
    public void SameSeedGivesTheSameBytesAndAnotherSeedDoesNot()
    {
        var a = SyntheticClip.Sample(11, 2);
        var b = SyntheticClip.Sample(11, 2);
        var other = SyntheticClip.Sample(12, 2);
        Assert.Equal(SyntheticDatasetWriter.CameraJson(a, 5), SyntheticDatasetWriter.CameraJson(b, 5));
        Assert.NotEqual(SyntheticDatasetWriter.CameraJson(a, 5), SyntheticDatasetWriter.CameraJson(other, 5));
        Assert.Equal(a.Render(3, 24).Data, b.Render(3, 24).Data);
        Assert.NotEqual(a.Render(1, 24).Data, other.Render(1, 24).Data);
        Assert.NotEqual(SyntheticClipMeta.Of(SyntheticClip.Sample(11, 3), 2, 8).ToJson(), SyntheticClipMeta.Of(a, 2, 8).ToJson());
    }

    [Fact]
    public void BlinkingChangesOnlyTheEyesAndTalkingOnlyTheMouth()
    {
        const int size = 64;
        var head = SyntheticClip.Sample(5, 0).Head;
        var camera = LookAtCamera.Create(0, 0);
        var neutral = RenderState(head, new HeadState(0, 0, 0), camera, size);
        var blink = RenderState(head, new HeadState(1, 0, 0), camera, size);
        var talk = RenderState(head, new HeadState(0, 1, 0), camera, size);

        var eyes = new[] { -1f, 1f }.Select(s => Project(camera, new Vector3(s * head.EyeHalfSpacing, head.EyeY, head.Centre[2] + head.Radii[2]), size)).ToArray();
        var eyeWindow = 3.0 * head.EyeRadius * 4.2647 * size / 2.5;

        var (blinkNear, blinkFar) = Changes(neutral, blink, size, eyes, eyeWindow);
        var (talkNear, talkFar) = MouthChanges(head, neutral, talk, camera, size);
        Assert.True(blinkNear >= 6, $"closing the eyes changed only {blinkNear} pixels near them");
        Assert.Equal(0, blinkFar);
        Assert.True(talkNear >= 6, $"opening the mouth changed only {talkNear} pixels near it");
        Assert.Equal(0, talkFar);
    }

    [Fact]
    public void AnOpenMouthIsAPlainFeatureInA64PixelFrame()
    {
        // Talking is the motion the tiny preset must learn, so at 64² even the smallest sampled mouth, wide
        // open, must change a clear patch of the face. The earlier, realistic proportions changed only 57 pixels.
        const int size = 64;
        var camera = LookAtCamera.Create(0, 0);
        var fewest = int.MaxValue;
        for (var index = 0; index < 12; index++)
        {
            var head = SyntheticClip.Sample(0, index).Head;
            var (near, _) = MouthChanges(head, RenderState(head, new HeadState(0, 0, 0), camera, size), RenderState(head, new HeadState(0, 1, 0), camera, size), camera, size);
            fewest = Math.Min(fewest, near);
        }
        Assert.True(fewest >= 90, $"a wide-open mouth changed only {fewest} pixels of a {size}² frame");
    }

    [Fact]
    public void EveryClipBlinksTalksAndMovesItsCameraOverThirtyTwoFrames()
    {
        for (var index = 0; index < 16; index++)
        {
            var clip = SyntheticClip.Sample(0, index);
            var states = Enumerable.Range(0, 32).Select(i => clip.StateAt(SyntheticClip.TimeOf(i, 32))).ToArray();
            Assert.True(states.Max(s => s.Blink) > 0.5f, $"clip {index} never closes its eyes");
            Assert.True(states.Count(s => s.Blink == 0) > 16, $"clip {index} keeps its eyes closed too long");
            Assert.True(states.Max(s => s.MouthOpen) - states.Min(s => s.MouthOpen) > 0.4f, $"clip {index} barely talks");
            var yaws = Enumerable.Range(0, 32).Select(i => clip.Motion.YawAt(SyntheticClip.TimeOf(i, 32))).ToArray();
            Assert.True(yaws.Max() - yaws.Min() > 0.01, $"clip {index} has a still camera");
        }
    }

    [Fact]
    public void SynthCommandWritesTheOfficialLayout()
    {
        var root = Path.Combine(_dir, "data");
        Assert.Equal(0, Pv3d.Cli.Program.Main(["dataset", "synth", "--out", root, "--count", "2", "--frames", "4", "--resolution", "32", "--seed", "9"]));
        var names = File.ReadAllLines(Path.Combine(root, "voxceleb.list"));
        Assert.Equal(new[] { "synth_00000.mp4", "synth_00001.mp4" }, names);
        var layout = new Pv3d.Data.DatasetLayout(root);
        Assert.Equal(names, layout.ReadList());
        foreach (var name in names)
        {
            Assert.Equal(4, ClipCameras.Read(layout.CameraPath(name)).Length);
            var info = VideoReader.Probe(Path.Combine(root, "recrop_faces", name));
            Assert.Equal((32, 32, 4), (info.Width, info.Height, info.FrameCount));
            var cameras = CameraFile.Load(Path.Combine(root, "smoothed_camera2world", name.Replace("mp4", "json")));
            Assert.Equal(4, cameras.Count);
            var meta = SyntheticClipMeta.Load(Path.Combine(root, "synth_meta", Path.ChangeExtension(name, ".json")));
            Assert.Equal((Path.GetFileNameWithoutExtension(name), 9L, 4, 32), (meta.Name, meta.Seed, meta.PerFrame.Length, meta.Resolution));
        }
        // The decoded first frame is the rendered one, up to H.264 loss.
        var decoded = VideoReader.Read(Path.Combine(root, "recrop_faces", names[0]));
        var rendered = SyntheticClip.Sample(9, 0).Render(4, 32);
        var meanError = decoded.Data.Zip(rendered.Data, (x, y) => Math.Abs(x - y)).Average();
        var otherClip = SyntheticClip.Sample(9, 1).Render(4, 32);
        var otherError = decoded.Data.Zip(otherClip.Data, (x, y) => Math.Abs(x - y)).Average();
        Assert.InRange(meanError, 0, 10); // 4:2:0 chroma at 32x32 blurs the coloured edges
        Assert.True(otherError > 3 * meanError, $"decoded clip 0 is as far from clip 0 ({meanError}) as from clip 1 ({otherError})");
        Assert.Empty(Directory.EnumerateFiles(root, "*.tmp", SearchOption.AllDirectories));

        // A second run into the same (now non-empty) folder is a user error, as is a bad option.
        Assert.Equal(2, Pv3d.Cli.Program.Main(["dataset", "synth", "--out", root, "--count", "1"]));
        Assert.Equal(2, Pv3d.Cli.Program.Main(["dataset", "synth", "--out", Path.Combine(_dir, "odd"), "--resolution", "33"]));
        Assert.Equal(2, Pv3d.Cli.Program.Main(["dataset", "synth", "--out", Path.Combine(_dir, "none"), "--count", "0"]));
        Assert.False(Directory.Exists(Path.Combine(_dir, "odd")));
    }

    [Fact]
    public void TheTrainingDatasetReadsTheSyntheticClips()
    {
        var root = Path.Combine(_dir, "train");
        SyntheticDatasetWriter.Write(new SyntheticDatasetOptions { OutputDir = root, Count = 2, Frames = 6, Resolution = 16, Seed = 2 });
        var dataset = new Pv3d.Data.VideoDataset(root, new Pv3d.Data.VideoDatasetOptions { Resolution = 16, Span = 4, FlipProbability = 0 });
        Assert.Equal(2, dataset.Count);
        using var item = dataset.GetItem(1, new Pv3d.Data.DataRandom(5));
        Assert.Equal(new long[] { 2, 3, 16, 16 }, new[] { item.Frames.Size(0), item.Frames.Size(1), item.Frames.Size(2), item.Frames.Size(3) });
        var frames = item.Frames.ToArray<float>();
        Assert.All(frames, v => Assert.InRange(v, -1f, 1f));
        Assert.True(frames.Max() - frames.Min() > 0.5f, "the frames are flat");
        // Each camera row is one of clip 1's per-frame cameras.
        var clipCameras = SyntheticClip.Sample(2, 1).Cameras(6).Select(c => c.Camera.Values.ToArray()).ToArray();
        var rows = item.Cameras.ToArray<float>().Chunk(25).ToArray();
        Assert.Equal(2, rows.Length);
        foreach (var row in rows) Assert.Contains(clipCameras, c => c.SequenceEqual(row));
    }

    [Fact]
    public void HeadsVaryInProportionsHairBeardsAndLight()
    {
        // The bundled model learns identities from these heads, so their spread is part of the contract: a narrow
        // spread is what made the first trained models one face in many colours.
        var heads = Enumerable.Range(0, 64).Select(i => SyntheticClip.Sample(0, i).Head).ToArray();
        Assert.InRange(heads.Count(h => h.Beard > 0), 6, 30);
        Assert.True(heads.Any(h => h.HairThickness < 0.005f), "no bald head among 64");
        Assert.True(heads.Max(h => h.Radii[0]) - heads.Min(h => h.Radii[0]) > 0.05f, "head widths hardly vary");
        Assert.True(heads.Max(h => h.JawWidth) - heads.Min(h => h.JawWidth) > 0.15f, "jaws hardly vary");
        Assert.True(heads.Max(h => h.HairThickness) > 0.06f, "no thick hair among 64");
        var lightX = heads.Select(h => h.LightDirection[0] / new Vector3(h.LightDirection[0], h.LightDirection[1], h.LightDirection[2]).Length()).ToArray();
        Assert.True(lightX.Min() < -0.5f && lightX.Max() > 0.5f, "the key light never comes from far left and far right");
        Assert.True(heads.Max(h => h.Ambient) - heads.Min(h => h.Ambient) > 0.15f);
    }

    [Fact]
    public void ABeardDarkensOnlyTheLowerFace()
    {
        const int size = 64;
        var camera = LookAtCamera.Create(0, 0);
        var head = SyntheticClip.Sample(0, 1).Head with { Beard = 0, HairColour = new[] { 0.05f, 0.05f, 0.05f } };
        var shaven = RenderState(head, new HeadState(0, 0, 0), camera, size);
        var bearded = RenderState(head with { Beard = 1 }, new HeadState(0, 0, 0), camera, size);
        var noseRow = Project(camera, new Vector3(0, head.EyeY - head.NoseLength, head.Centre[2] + head.Radii[2]), size).Row;
        int above = 0, below = 0;
        for (var row = 0; row < size; row++)
        for (var column = 0; column < size; column++)
        {
            var (p, q) = (shaven.Pixel(0, row, column), bearded.Pixel(0, row, column));
            if (p.R + p.G + p.B - (q.R + q.G + q.B) <= 30) continue;
            if (row + 0.5 < noseRow) above++;
            else below++;
        }
        Assert.Equal(0, above);
        Assert.True(below >= 40, $"a full beard darkened only {below} pixels");
    }

    [Fact]
    public void TheKeyLightComesFromTheHeadsOwnDirection()
    {
        const int size = 48;
        var camera = LookAtCamera.Create(0, 0);
        var head = SyntheticClip.Sample(0, 2).Head;
        var fromLeft = RenderState(head with { LightDirection = new[] { -1f, 0.2f, 0.6f } }, new HeadState(0, 0, 0), camera, size);
        var fromRight = RenderState(head with { LightDirection = new[] { 1f, 0.2f, 0.6f } }, new HeadState(0, 0, 0), camera, size);
        // Image columns grow to the right, world +x is image right for the frontal camera: light from -x brightens the
        // left half of the face and light from +x the right half; the background is unlit and stays identical.
        double Half(RgbFrames f, bool left)
        {
            double sum = 0;
            for (var row = size / 4; row < 3 * size / 4; row++)
            for (var column = left ? size / 4 : size / 2; column < (left ? size / 2 : 3 * size / 4); column++)
            {
                var p = f.Pixel(0, row, column);
                sum += p.R + p.G + p.B;
            }
            return sum;
        }
        Assert.True(Half(fromLeft, true) > 1.2 * Half(fromRight, true));
        Assert.True(Half(fromRight, false) > 1.2 * Half(fromLeft, false));
        Assert.Equal(fromLeft.Pixel(0, 0, 0), fromRight.Pixel(0, 0, 0));
    }

    [Fact]
    public void MetadataWrittenBeforeTheVarietyKeysStillLoads()
    {
        var meta = SyntheticClipMeta.Of(SyntheticClip.Sample(4, 6), 3, 32);
        var json = System.Text.Json.Nodes.JsonNode.Parse(meta.ToJson())!.AsObject();
        var head = json["head"]!.AsObject();
        foreach (var key in new[] { "jaw_width", "jaw_height", "brow_thickness", "beard", "light_direction", "ambient" })
            Assert.True(head.Remove(key), $"metadata has no '{key}'");
        var path = Path.Combine(_dir, "old.json");
        File.WriteAllText(path, json.ToJsonString());
        var loaded = SyntheticClipMeta.Load(path).Head;
        Assert.Equal((0.78f, 0.6f, 0.008f, 0f, 0.35f), (loaded.JawWidth, loaded.JawHeight, loaded.BrowThickness, loaded.Beard, loaded.Ambient));
        Assert.Equal(new[] { -0.35f, 0.55f, 1f }, loaded.LightDirection);
    }

    private static RgbFrames RenderState(HeadParameters head, HeadState state, Camera camera, int size) =>
        SphereTracer.Render(new HeadScene(head, state), camera, size, size);

    /// <summary><see cref="Changes"/> around the mouth, in a window a little wider than the mouth.</summary>
    private static (int Near, int Far) MouthChanges(HeadParameters head, RgbFrames a, RgbFrames b, Camera camera, int size)
    {
        var mouth = Project(camera, new Vector3(0, head.MouthY, head.Centre[2] + head.Radii[2]), size);
        return Changes(a, b, size, new[] { mouth }, 2.2 * head.MouthHalfWidth * 4.2647 * size / 2.5);
    }

    /// <summary>
    /// Pixels that changed visibly (a channel by more than 6 of 255) within <paramref name="window"/> pixels of
    /// any of the centres, and beyond it. Tiny changes elsewhere are expected: a changed distance field changes
    /// the marching steps of rays that pass near the moving part, moving their hits within the tolerance.
    /// </summary>
    private static (int Near, int Far) Changes(RgbFrames a, RgbFrames b, int size, IReadOnlyList<(double Column, double Row)> centres, double window)
    {
        int near = 0, far = 0;
        for (var row = 0; row < size; row++)
        for (var column = 0; column < size; column++)
        {
            var (p, q) = (a.Pixel(0, row, column), b.Pixel(0, row, column));
            if (Math.Max(Math.Abs(p.R - q.R), Math.Max(Math.Abs(p.G - q.G), Math.Abs(p.B - q.B))) <= 6) continue;
            var close = centres.Any(c => Math.Abs(column + 0.5 - c.Column) <= window && Math.Abs(row + 0.5 - c.Row) <= window);
            if (close) near++;
            else far++;
        }
        return (near, far);
    }

    /// <summary>Pinhole projection of a world point to (column, row) in pixels.</summary>
    private static (double Column, double Row) Project(Camera camera, Vector3 point, int size)
    {
        var d = new Vec3(point.X, point.Y, point.Z) - camera.Position;
        double x = d.Dot(camera.Axis(0)), y = d.Dot(camera.Axis(1)), z = d.Dot(camera.Axis(2));
        return ((camera.K(0, 0) * x / z + camera.K(0, 2)) * size, (camera.K(1, 1) * y / z + camera.K(1, 2)) * size);
    }
}
