using Pv3d.Torch;
using Pv3d.Torch.Distributed;

namespace Pv3d.Distributed;

/// <summary>
/// Averages gradients across the ranks of a <see cref="DistributedSession"/> after a backward pass, as PyTorch's
/// DistributedDataParallel does: the gradients are packed into flat buckets of at most <see cref="BucketBytes"/>
/// (one dtype per bucket, parameters in the order given), each bucket is all-reduced once, and the averages are
/// copied back. Few large all_reduce calls instead of one per parameter. Every rank must pass the same parameters
/// in the same order with gradients on the same ones (the same code path on every rank guarantees it).
/// </summary>
public sealed class GradientAverager
{
    private readonly DistributedSession _session;

    public GradientAverager(DistributedSession session, long bucketBytes = DefaultBucketBytes)
    {
        if (bucketBytes < 1) throw new ArgumentOutOfRangeException(nameof(bucketBytes));
        _session = session;
        BucketBytes = bucketBytes;
    }

    /// <summary>DistributedDataParallel's default bucket cap (25 MiB).</summary>
    public const long DefaultBucketBytes = 25L << 20;

    public long BucketBytes { get; }

    /// <summary>Bytes sent into all_reduce so far (each bucket's size once; what a rank contributes, not what the ring moves).</summary>
    public long BytesReduced { get; private set; }

    /// <summary>all_reduce calls so far.</summary>
    public long Calls { get; private set; }

    /// <summary>Replaces each parameter's gradient (where it has one) by its average over the ranks.</summary>
    public void AverageGradients(IEnumerable<Tensor> parameters)
    {
        using var scope = TensorScope.Enter();
        using var noGrad = Autograd.NoGrad();
        var grads = parameters.Select(p => p.Grad).Where(g => g is not null).Select(g => g!).ToList();
        foreach (var bucket in Buckets(grads))
        {
            using var bucketScope = TensorScope.Enter();
            var flat = bucket.Count == 1 ? bucket[0].Flatten().Clone() : Tensor.Cat(bucket.Select(g => g.Flatten()).ToList());
            AllReduceAverage(flat);
            long offset = 0;
            foreach (var g in bucket)
            {
                var n = g.NumEl;
                g.CopyFrom(flat.Narrow(0, offset, n).ViewAs(g));
                offset += n;
            }
        }
    }

    /// <summary>In place: the average of <paramref name="tensor"/> over the ranks (a loss, a batch statistic).</summary>
    public void AverageInPlace(Tensor tensor) => AllReduceAverage(tensor);

    private void AllReduceAverage(Tensor flat)
    {
        _session.AllReduce(flat, ReduceOp.Average);
        BytesReduced += flat.NumEl * flat.DType.ElementSize();
        Calls++;
    }

    /// <summary>Consecutive runs of same-dtype gradients of at most BucketBytes each (a larger gradient is a bucket alone).</summary>
    private IEnumerable<List<Tensor>> Buckets(List<Tensor> grads)
    {
        var bucket = new List<Tensor>();
        long bytes = 0;
        foreach (var g in grads)
        {
            var size = g.NumEl * g.DType.ElementSize();
            if (bucket.Count > 0 && (bytes + size > BucketBytes || bucket[0].DType != g.DType))
            {
                yield return bucket;
                bucket = new List<Tensor>();
                bytes = 0;
            }
            bucket.Add(g);
            bytes += size;
        }
        if (bucket.Count > 0) yield return bucket;
    }
}
