using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Pv3d.Torch.Native;

/// <summary>Finds libpv3dtorch.so and turns native status codes into managed exceptions.</summary>
internal static class NativeLib
{
    public const string Name = "pv3dtorch";

    [ModuleInitializer]
    internal static void Init()
    {
        NativeLibrary.SetDllImportResolver(typeof(NativeLib).Assembly, Resolve);
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        if (name != Name) return IntPtr.Zero;
        foreach (var candidate in Candidates())
        {
            if (File.Exists(candidate) && NativeLibrary.TryLoad(candidate, out var handle)) return handle;
        }
        throw new DllNotFoundException(
            "libpv3dtorch.so was not found next to the program, in PV3D_NATIVE_LIB or under native/build. Run ./setup.sh to build it.");
    }

    private static IEnumerable<string> Candidates()
    {
        var env = Environment.GetEnvironmentVariable("PV3D_NATIVE_LIB");
        if (!string.IsNullOrEmpty(env)) yield return env;
        yield return Path.Combine(AppContext.BaseDirectory, "libpv3dtorch.so");
        // Walk up from the program folder to a checkout's native/build (useful for tools run from bin/).
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            yield return Path.Combine(dir.FullName, "native", "build", "libpv3dtorch.so");
    }

    /// <summary>Throws the native side's message when a call reports failure.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Check(int status)
    {
        if (status != 0) Throw();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Throw()
    {
        var message = Marshal.PtrToStringUTF8(NativeMethods.pv_last_error()) ?? "unknown native error";
        if (TorchOutOfMemoryException.Recognize(message) is { } outOfMemory) throw outOfMemory;
        throw new TorchException(message);
    }

    /// <summary>Calls a native function that writes a string into a caller buffer.</summary>
    public static unsafe string ReadString(Func<IntPtr, int, int> call, int capacity = 1 << 16)
    {
        var buffer = new byte[capacity];
        fixed (byte* p = buffer)
        {
            Check(call((IntPtr)p, capacity));
        }
        var length = Array.IndexOf(buffer, (byte)0);
        return System.Text.Encoding.UTF8.GetString(buffer, 0, length < 0 ? capacity : length);
    }
}
