using BenchmarkDotNet.Attributes;
using Pv3d.Torch;

namespace Pv3d.Bench;

/// <summary>
/// The same cases as bench/torch_reference.py: dense matmul and 3x3 conv2d in float32, forward only,
/// through our binding. GFLOP/s = FLOPs / mean time (see Program).
/// </summary>
[MemoryDiagnoser(false)]
public class KernelBenchmarks
{
    private Tensor _a = null!, _b = null!, _x = null!, _w = null!;

    [Params("matmul 512", "matmul 1024", "conv2d N4 C128 64x64 k3", "conv2d N1 C256 32x32 k3")]
    public string Case { get; set; } = "";

    public static long Flops(string name) => name switch
    {
        "matmul 512" => 2L * 512 * 512 * 512,
        "matmul 1024" => 2L * 1024 * 1024 * 1024,
        "conv2d N4 C128 64x64 k3" => 2L * 4 * 128 * 64 * 64 * 128 * 9,
        "conv2d N1 C256 32x32 k3" => 2L * 1 * 256 * 32 * 32 * 256 * 9,
        _ => throw new ArgumentException(name),
    };

    [GlobalSetup]
    public void Setup()
    {
        TorchRandom.ManualSeed(0);
        switch (Case)
        {
            case "matmul 512": _a = Tensor.Randn(512, 512); _b = Tensor.Randn(512, 512); break;
            case "matmul 1024": _a = Tensor.Randn(1024, 1024); _b = Tensor.Randn(1024, 1024); break;
            case "conv2d N4 C128 64x64 k3": _x = Tensor.Randn(4, 128, 64, 64); _w = Tensor.Randn(128, 128, 3, 3); break;
            case "conv2d N1 C256 32x32 k3": _x = Tensor.Randn(1, 256, 32, 32); _w = Tensor.Randn(256, 256, 3, 3); break;
        }
    }

    [Benchmark]
    public void Run()
    {
        using var noGrad = Autograd.NoGrad();
        using var result = Case.StartsWith("matmul") ? _a.Matmul(_b) : Functional.Conv2d(_x, _w, null, padding: 1);
    }
}
