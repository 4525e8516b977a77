using System.Diagnostics;
using Pv3d.Faces.Models;
using Pv3d.Metrics.Identity;
using Pv3d.Metrics.MultiView;
using Pv3d.Networks;
using Pv3d.Torch;

namespace Pv3d.Applications.Evaluation;

/// <summary>Which multi-view metrics to compute.</summary>
[Flags]
public enum MultiViewMetrics
{
    Chamfer = 1,
    Warping = 2,
    ArcFaceIdentity = 4,

    /// <summary>The ID protocol with the built-in face-api 128-d net (<see cref="FaceApiIdentity"/>).</summary>
    FaceApiIdentity = 8,
}

/// <summary>Progress of a multi-view evaluation: videos done of the total.</summary>
public sealed record MultiViewProgress(int Done, int Total);

/// <summary>
/// Results over the videos evaluated: means as the official scripts print them (WE: mean of the per-pair means;
/// ID: mean pair similarity, with IR-SE50 and with face-api's net) and CD's mean beside the official figure, which is
/// the <em>sum</em> over pairs and videos that its script prints as "overall avg chamfer dist".
/// </summary>
public sealed record MultiViewResult(int Videos, double? ChamferMean, double? ChamferOfficialSum, int ChamferPairs, int ChamferSkipped,
    double? WarpingMean, int WarpingPairs, int WarpingSkipped, double? ArcFaceId, double SecondsPerVideo, bool Interrupted,
    double? FaceApiId = null);

/// <summary>
/// Runs the official multi-view protocol for N videos and scores them: CD, WE, the ArcFace ID (IR-SE50 with the
/// user's model_ir_se50.pth) and the same ID protocol with the built-in face-api net. The global RNG is seeded once with the seed; same seed, same numbers.
/// Cancelling stops after the current video and returns the scores of the videos done.
/// </summary>
public sealed class MultiViewEvaluator(TriPlaneGenerator generator, long? renderingResolution = null, IrSe50? arcFace = null,
    FaceRecognitionNet? faceApi = null)
{
    public MultiViewResult Evaluate(int videos, long seed, MultiViewMetrics metrics, IProgress<MultiViewProgress>? progress = null,
        CancellationToken cancel = default)
    {
        if (videos < 1) throw new Pv3dException($"the number of videos must be at least 1, got {videos}");
        if (metrics.HasFlag(MultiViewMetrics.ArcFaceIdentity) && arcFace is null)
            throw new InvalidOperationException("ArcFace ID needs the IR-SE50 network");
        if (metrics.HasFlag(MultiViewMetrics.FaceApiIdentity) && faceApi is null)
            throw new InvalidOperationException("the face-api ID needs the face recognition network");
        TorchRandom.ManualSeed(seed);
        var renderer = new MultiViewRenderer(generator, renderingResolution);
        var cd = new List<double>();
        var we = new List<double>();
        var idFeatures = new List<double[]>();
        var faceApiFeatures = new List<double[]>();
        var clock = Stopwatch.StartNew();
        var done = 0;
        for (; done < videos && !cancel.IsCancellationRequested; done++)
        {
            var frames = renderer.Render();
            if (metrics.HasFlag(MultiViewMetrics.Chamfer)) cd.AddRange(MultiViewScores.Chamfer(frames));
            if (metrics.HasFlag(MultiViewMetrics.Warping)) we.AddRange(MultiViewScores.Warping(frames, renderer.SideCamera));
            if (metrics.HasFlag(MultiViewMetrics.ArcFaceIdentity)) idFeatures.Add(ArcFaceFeatures(frames));
            if (metrics.HasFlag(MultiViewMetrics.FaceApiIdentity)) faceApiFeatures.Add(FaceApiFeatures(frames));
            progress?.Report(new MultiViewProgress(done + 1, videos));
        }
        if (done == 0) throw new OperationCanceledException("evaluation interrupted before the first video");
        double? Mean(List<double> v) => v.Count == 0 || v.All(double.IsNaN) ? null : MultiViewScores.MeanOfValid(v);
        return new MultiViewResult(done,
            Mean(cd), cd.Count == 0 ? null : cd.Where(v => !double.IsNaN(v)).Sum(), cd.Count, cd.Count(double.IsNaN),
            Mean(we), we.Count, we.Count(double.IsNaN),
            idFeatures.Count == 0 ? null : IdentityScore.MeanPairSimilarity(idFeatures, IrSe50.FeatureSize),
            clock.Elapsed.TotalSeconds / done, done < videos,
            faceApiFeatures.Count == 0 ? null : IdentityScore.MeanPairSimilarity(faceApiFeatures, FaceApiIdentity.FeatureSize));
    }

    // The 4 frames as the ID script reads the PNGs: float 0..255, resized to 112, /127.5 - 1, through IR-SE50.
    private double[] ArcFaceFeatures(MultiViewFrames frames)
    {
        using var scope = TensorScope.Enter();
        using var noGrad = Autograd.NoGrad();
        var device = arcFace!.Parameters().First().Device;
        var batch = FrameBatch(frames).To(device);
        return arcFace.Forward(IrSe50.Preprocess(batch)).To(DType.Float64).Cpu().ToArray<double>();
    }

    private double[] FaceApiFeatures(MultiViewFrames frames)
    {
        using var scope = TensorScope.Enter();
        return FaceApiIdentity.Features(faceApi!, FrameBatch(frames));
    }

    /// <summary>The 4 frames as [4, 3, S, S] uint8 on the CPU.</summary>
    private static Tensor FrameBatch(MultiViewFrames frames)
    {
        var s = frames.ImageSize;
        return Tensor.Stack(frames.Images.Select(im => Tensor.FromArray(im, s, s, 3)).ToList()).Permute(0, 3, 1, 2);
    }
}
