using Pv3d.Torch.IO;
using Pv3d.Video;

namespace Pv3d.Tests.Video;

public class VideoWriterTests : IDisposable
{
    private readonly string _dir = TestFrames.TempDir();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void PngRoundTripIsLossless()
    {
        var image = TestFrames.Noise(1, 17, 23, seed: 3);
        var path = Path.Combine(_dir, "a.png");
        VideoWriter.WritePng(path, image);
        var back = VideoReader.Read(path);
        Assert.Equal((1, 17, 23), (back.Count, back.Height, back.Width));
        Assert.Equal(image.Data, back.Data);
        Assert.Equal("png", VideoReader.Probe(path).Codec);
    }

    [Fact]
    public void Mp4RoundTripKeepsSizeCountAndApproximatePixels()
    {
        var frames = TestFrames.Gradients(10, 32, 48);
        var path = Path.Combine(_dir, "v.mp4");
        VideoWriter.WriteMp4(path, frames, fps: 12);
        var info = VideoReader.Probe(path);
        Assert.Equal(new VideoInfo(48, 32, 10, "h264", "yuv420p"), info);
        var back = VideoReader.Read(path);
        Assert.Equal((10, 32, 48), (back.Count, back.Height, back.Width));
        Assert.InRange(TestFrames.MeanAbsDifference(frames, back), 0, 4);
        // The blue channel encodes time: frame order survives.
        Assert.True(back.Pixel(9, 16, 24).B > back.Pixel(0, 16, 24).B + 100);
    }

    [Fact]
    public void Mp4PadsOddSizesToEven()
    {
        var path = Path.Combine(_dir, "odd.mp4");
        VideoWriter.WriteMp4(path, TestFrames.Gradients(3, 15, 21));
        var info = VideoReader.Probe(path);
        Assert.Equal((22, 16, 3), (info.Width, info.Height, info.FrameCount));
    }

    [Fact]
    public void GifHasEveryFrameAndLoops()
    {
        var frames = TestFrames.Gradients(7, 24, 30);
        var path = Path.Combine(_dir, "v.gif");
        VideoWriter.WriteGif(path, frames, fps: 10);
        Assert.True(new FileInfo(path).Length > 0);
        var info = VideoReader.Probe(path);
        Assert.Equal((30, 24, 7, "gif"), (info.Width, info.Height, info.FrameCount, info.Codec));
        // NETSCAPE2.0 application extension with loop count 0 = loop forever.
        var bytes = File.ReadAllBytes(path);
        var netscape = IndexOf(bytes, "NETSCAPE2.0"u8.ToArray());
        Assert.True(netscape > 0, "no looping extension");
        Assert.Equal(0, bytes[netscape + 13] | bytes[netscape + 14] << 8);
        // 256 colours with dithering: single pixels are noisy, but each frame's mean colour is kept.
        var back = VideoReader.Read(path);
        Assert.InRange(TestFrames.MeanAbsDifference(frames, back), 0, 4);
        for (var t = 0; t < frames.Count; t++)
        for (var ch = 0; ch < 3; ch++)
            Assert.InRange(Math.Abs(MeanChannel(frames, t, ch) - MeanChannel(back, t, ch)), 0, 2);
    }

    [Fact]
    public void ReaderTensorIsChannelsFirst()
    {
        var frames = TestFrames.Noise(2, 3, 4, seed: 1);
        using var u8 = frames.ToTensor();
        Assert.Equal(new long[] { 2, 3, 3, 4 }, u8.Shape);
        using var f = frames.ToTensor(asFloat: true);
        var (r, g, b) = frames.Pixel(1, 2, 3);
        var values = f.ToArray<float>();
        Assert.Equal(r / 255f, values[((1 * 3 + 0) * 3 + 2) * 4 + 3], 6);
        Assert.Equal(g / 255f, values[((1 * 3 + 1) * 3 + 2) * 4 + 3], 6);
        Assert.Equal(b / 255f, values[((1 * 3 + 2) * 3 + 2) * 4 + 3], 6);
        Assert.Equal(frames.Data, RgbFrames.FromTensor(u8).Data);
    }

    [Fact]
    public void WritingIntoAMissingFolderIsAUserError()
    {
        var path = Path.Combine(_dir, "missing", "v.mp4");
        var e = Assert.Throws<Pv3dException>(() => VideoWriter.WriteMp4(path, TestFrames.Gradients(2, 8, 8)));
        Assert.Contains("does not exist", e.Message);
    }

    [Fact]
    public void FailedOutputLeavesNoTemporaryFileAndKeepsTheOldFile()
    {
        var path = Path.Combine(_dir, "keep.mp4");
        File.WriteAllText(path, "old");
        Assert.Throws<Pv3dException>(() => AtomicFile.WriteVia(path, temp =>
        {
            File.WriteAllText(temp, "half");
            throw new Pv3dException("encoder died");
        }));
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal(new[] { "keep.mp4" }, Directory.GetFiles(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public void MissingExecutableIsAUserErrorNamingTheFix()
    {
        var e = Assert.Throws<Pv3dException>(() =>
            FfmpegProcess.Run("/nonexistent/ffmpeg", new[] { "-version" }, "out.mp4", new byte[] { 1, 2, 3 }));
        Assert.Contains("out.mp4", e.Message);
        Assert.Contains("PV3D_FFMPEG", e.Message);
    }

    [Fact]
    public void DecoderErrorsCarryFfmpegMessages()
    {
        var path = Path.Combine(_dir, "garbage.mp4");
        File.WriteAllBytes(path, new byte[] { 0, 1, 2, 3, 4, 5, 6, 7 });
        var e = Assert.Throws<Pv3dException>(() => VideoReader.Read(path));
        Assert.Contains("garbage.mp4", e.Message);
        Assert.Contains("Invalid data", e.Message);
        Assert.Throws<Pv3dException>(() => VideoReader.Read(Path.Combine(_dir, "absent.mp4")));
    }

    [Fact]
    public void EncoderErrorsCarryFfmpegMessages()
    {
        // Too few bytes for one frame of the announced size: ffmpeg sees no frame and fails.
        var e = Assert.Throws<Pv3dException>(() => FfmpegProcess.Run(FfmpegProcess.Ffmpeg,
            new[] { "-nostdin", "-loglevel", "error", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", "64x64", "-i", "pipe:0",
                "-c:v", "libx264", "-f", "mp4", Path.Combine(_dir, "x.mp4") }, "x.mp4", new byte[10]));
        Assert.Contains("x.mp4", e.Message);
        Assert.Contains("exit code", e.Message);
    }

    private static double MeanChannel(RgbFrames f, int frame, int channel)
    {
        var data = f.Frame(frame);
        double sum = 0;
        for (var i = channel; i < data.Length; i += 3) sum += data[i];
        return sum / (data.Length / 3);
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (var i = 0; i + needle.Length <= haystack.Length; i++)
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle)) return i;
        return -1;
    }
}
