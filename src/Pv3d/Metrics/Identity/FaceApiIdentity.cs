using Pv3d.Faces.Models;
using Pv3d.Torch;

namespace Pv3d.Metrics.Identity;

/// <summary>
/// The ID protocol of <see cref="IdentityScore"/> with our built-in face recognition net (face-api's 128-d descriptor,
/// <see cref="FaceRecognitionNet"/>, no download) instead of IR-SE50: each whole frame (no face crop, as the official ID)
/// is prepared as face-api prepares a face (padded to a square, TF's bilinear resize to 150²), described, and the
/// descriptor scaled to unit length, so that the pair score is a cosine similarity as with ArcFace. Not the paper's
/// number: reported as <c>id_faceapi</c> beside the official <c>id_arcface</c>.
/// </summary>
public static class FaceApiIdentity
{
    public const int FeatureSize = 128;

    /// <summary>Unit-length descriptors [N * 128] (row-major) of frames [N, 3, H, W] with values 0..255.</summary>
    public static double[] Features(FaceRecognitionNet net, Tensor frames)
    {
        if (frames.Dim != 4 || frames.Size(1) != 3) throw new ArgumentException($"expected frames [N, 3, H, W], got {frames}", nameof(frames));
        using var scope = TensorScope.Enter();
        using var noGrad = Autograd.NoGrad();
        var batch = NetInput.ToBatch(frames.To(DType.Float32), FaceRecognitionNet.InputSize, centered: true);
        var descriptors = net.RunNet(batch).To(DType.Float64);
        var norms = descriptors.Mul(descriptors).Sum(new[] { 1 }, keepDim: true).Sqrt();
        return descriptors.Div(norms).Contiguous().ToArray<double>();
    }
}
