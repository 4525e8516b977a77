using Pv3d.Torch.Native;

namespace Pv3d.Torch;

/// <summary>Facts about and settings of the linked libtorch: version, threads, BLAS, devices.</summary>
public static class TorchRuntime
{
    private static int _initialized;

    /// <summary>
    /// Sets libtorch's intra-op thread count to the core count (it defaults to 1 in this build) unless
    /// PV3D_THREADS says otherwise. Called by the first tensor operation; safe to call again.
    /// </summary>
    public static void EnsureInitialized()
    {
        if (Interlocked.Exchange(ref _initialized, 1) == 1) return;
        var env = Environment.GetEnvironmentVariable("PV3D_THREADS");
        var threads = int.TryParse(env, out var n) && n > 0 ? n : Environment.ProcessorCount;
        NativeLib.Check(NativeMethods.pv_set_num_threads(threads));
    }

    public static string Version => NativeLib.ReadString(NativeMethods.pv_version, 256);

    /// <summary>The most intra-op threads accepted: more only add switching (thousands take minutes to start).</summary>
    public static int MaxThreads => Math.Max(64, 4 * Environment.ProcessorCount);

    public static int NumThreads
    {
        get { EnsureInitialized(); NativeLib.Check(NativeMethods.pv_get_num_threads(out var n)); return n; }
        set
        {
            if (value < 1 || value > MaxThreads)
                throw new Pv3dException($"the thread count must be within 1..{MaxThreads} (4x the {Environment.ProcessorCount} cores, at least 64), got {value}");
            Interlocked.Exchange(ref _initialized, 1);
            NativeLib.Check(NativeMethods.pv_set_num_threads(value));
        }
    }

    public static string ParallelInfo => NativeLib.ReadString(NativeMethods.pv_parallel_info);

    public static string BuildConfig => NativeLib.ReadString(NativeMethods.pv_config_info);

    /// <summary>The BLAS libtorch calls into, as the dynamic linker resolved it in this process.</summary>
    public static string BlasLibrary
    {
        get
        {
            EnsureInitialized();
            try
            {
                var maps = File.ReadAllLines("/proc/self/maps");
                var hit = maps.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "")
                    .FirstOrDefault(p => p.Contains("libopenblas") || p.Contains("libblas") || p.Contains("libmkl") || p.Contains("libblis"));
                return hit ?? "unknown";
            }
            catch (IOException)
            {
                return "unknown";
            }
        }
    }

    public static int CudaDeviceCount
    {
        get { NativeLib.Check(NativeMethods.pv_cuda_device_count(out var n)); return n; }
    }

    public static bool CudaAvailable => CudaDeviceCount > 0;
}
