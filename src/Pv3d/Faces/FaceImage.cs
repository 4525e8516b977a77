using Pv3d.Torch;
using Pv3d.Video;

namespace Pv3d.Faces;

/// <summary>Images for the face networks: float32 [1, 3, H, W] with values 0..255 (RGB), as face-api's tensors hold them.</summary>
public static class FaceImage
{
    /// <summary>Frame <paramref name="index"/> of decoded frames as [1, 3, H, W] float32 0..255.</summary>
    public static Tensor FromFrames(RgbFrames frames, int index = 0)
    {
        using var scope = TensorScope.Enter();
        var hwc = Tensor.FromArray(frames.Frame(index).ToArray(), frames.Height, frames.Width, 3);
        return hwc.Permute(2, 0, 1).Unsqueeze(0).To(DType.Float32).Contiguous().MoveToOuterScope();
    }

    /// <summary>Reads an image file (anything ffmpeg decodes; the first frame of a video) as [1, 3, H, W] 0..255.</summary>
    public static Tensor Read(string path)
    {
        RgbFrames frames;
        try { frames = VideoReader.Read(path); }
        catch (Pv3dException e) { throw new Pv3dException($"{path}: cannot read the image ({e.Message})"); }
        return FromFrames(frames, 0);
    }

    /// <summary>[1, 3, H, W] (any float range, clamped to 0..255 and rounded) back to one RGB frame.</summary>
    public static RgbFrames ToFrames(Tensor image)
    {
        using var scope = TensorScope.Enter();
        var bytes = image.Clamp(0, 255).Round().To(DType.UInt8);
        return RgbFrames.FromTensor(bytes);
    }
}
