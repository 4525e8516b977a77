using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using Pv3d.Bench;
using Pv3d.Torch;

// Usage: dotnet run -c Release --project bench/Pv3d.Bench [-- --filter '*']
//        dotnet run -c Release --project bench/Pv3d.Bench -- synth-views OUT.png   (the docs picture of the synthetic heads)
//        dotnet run -c Release --project bench/Pv3d.Bench -- dvid-probe CKPT DATA [PRESET] [BATCHES]   (does D_vid punish still videos?)
//        dotnet run -c Release --project bench/Pv3d.Bench -- dvid-fit DATA STEPS [CHANNEL_BASE] [CKPT]   (can D_vid learn still vs moving alone?)
//        dotnet run -c Release --project bench/Pv3d.Bench -- sample-grid CKPT DATA OUT.png   (a tiny run's sample grid, re-rendered)
//        dotnet run -c Release --project bench/Pv3d.Bench -- applications-gt MODEL OUT.md [--clips 8] [--frames 16] [--steps 300] [--rec-steps 400] [--tune 100]
//                                                                     (inversion and reconstruction against the true renderings of held-out synthetic clips)
if (args is ["synth-views", var viewsPath])
{
    SyntheticViews.Write(viewsPath);
    return;
}
if (args is ["dvid-probe", var probeCheckpoint, var probeData, .. var probeRest])
{
    VideoDiscriminatorProbe.Run(probeCheckpoint, probeData, probeRest.Length > 0 ? probeRest[0] : "tiny", probeRest.Length > 1 ? int.Parse(probeRest[1]) : 8);
    return;
}

if (args is ["dvid-fit", var fitData, var fitSteps, .. var fitRest])
{
    VideoDiscriminatorStillFit.Run(fitData, int.Parse(fitSteps), fitRest.Length > 0 ? long.Parse(fitRest[0]) : 0, fitRest.Length > 1 ? fitRest[1] : null);
    return;
}

if (args is ["sample-grid", var gridCheckpoint, var gridData, var gridPath])
{
    SampleGridRender.Write(gridCheckpoint, gridData, gridPath);
    return;
}

if (args is ["applications-gt", var gtModel, var gtOut, .. var gtRest])
{
    Environment.ExitCode = ApplicationsGroundTruth.Run(gtModel, gtOut, gtRest);
    return;
}

var config = DefaultConfig.Instance
    .AddJob(Job.Default.WithWarmupCount(2).WithIterationCount(10))
    .WithOptions(ConfigOptions.DisableOptimizationsValidator);
var summary = BenchmarkRunner.Run<KernelBenchmarks>(config, args);

Console.WriteLine();
Console.WriteLine($"libtorch {TorchRuntime.Version}, threads {TorchRuntime.NumThreads}, BLAS {TorchRuntime.BlasLibrary}");
foreach (var report in summary.Reports)
{
    var name = (string)report.BenchmarkCase.Parameters["Case"];
    var mean = report.ResultStatistics?.Mean;
    if (mean is null) continue;
    var seconds = mean.Value * 1e-9;
    Console.WriteLine($"{name,-28} {seconds * 1e3,9:F3} ms  {KernelBenchmarks.Flops(name) / seconds / 1e9,8:F2} GFLOP/s");
}
