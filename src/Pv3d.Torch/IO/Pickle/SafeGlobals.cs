using System.Text;

namespace Pv3d.Torch.IO.Pickle;

/// <summary>A callable from the allow-list: the only code a pickle can make the unpickler run.</summary>
internal sealed record SafeCallable(string FullName, Func<object?[], object?> Invoke);

/// <summary>The type of a typed torch storage (<c>torch.FloatStorage</c>), used inside persistent ids.</summary>
internal sealed record TorchStorageType(string Name, DType DType);

/// <summary>
/// Resolves GLOBAL references. Allow-listed names become <see cref="SafeCallable"/>s or storage types;
/// everything else becomes an inert <see cref="PickleGlobal"/> that, when called, yields a placeholder.
/// </summary>
internal static class SafeGlobals
{
    private static readonly Dictionary<string, DType> StorageTypes = new()
    {
        ["FloatStorage"] = DType.Float32,
        ["DoubleStorage"] = DType.Float64,
        ["HalfStorage"] = DType.Float16,
        ["BFloat16Storage"] = DType.BFloat16,
        ["LongStorage"] = DType.Int64,
        ["IntStorage"] = DType.Int32,
        ["ShortStorage"] = DType.Int16,
        ["CharStorage"] = DType.Int8,
        ["ByteStorage"] = DType.UInt8,
        ["BoolStorage"] = DType.Bool,
        ["UntypedStorage"] = DType.UInt8,
    };

    public static object Resolve(string module, string name, string source)
    {
        module = module switch { "__builtin__" => "builtins", "copy_reg" => "copyreg", _ => module };
        if (module == "torch" && StorageTypes.TryGetValue(name, out var dtype)) return new TorchStorageType(name, dtype);
        Func<object?[], object?>? f = (module, name) switch
        {
            ("collections", "OrderedDict") => MakeOrderedDict,
            ("builtins", "set") or ("builtins", "frozenset") => MakeSet,
            ("builtins", "bytes") or ("builtins", "bytearray") or ("_codecs", "encode") => MakeBytes,
            ("torch", "Size") => a => a.Length == 0 ? Array.Empty<object?>() : ToTuple(a[0], "torch.Size"),
            ("torch._utils", "_rebuild_tensor") or ("torch._utils", "_rebuild_tensor_v2") => a => RebuildTensor(a, source),
            ("torch._utils", "_rebuild_parameter") or ("torch._utils", "_rebuild_parameter_with_state") =>
                a => a.Length > 0 && a[0] is Tensor t ? t : throw Bad(source, "_rebuild_parameter expects a tensor"),
            ("numpy.core.multiarray", "_reconstruct") or ("numpy._core.multiarray", "_reconstruct") =>
                a => a.Length > 0 && a[0] is PickleGlobal { FullName: "numpy.ndarray" }
                    ? new NumpyArray()
                    : throw Bad(source, "numpy _reconstruct is asked for a class other than numpy.ndarray"),
            ("numpy", "dtype") => a => a.Length > 0 && a[0] is string dtypeName
                ? new NumpyDType(dtypeName)
                : throw Bad(source, "numpy.dtype expects a type string"),
            ("numpy.core.multiarray", "scalar") or ("numpy._core.multiarray", "scalar") => a => NumpyScalar(a, source),
            ("copyreg", "_reconstructor") => a => a.Length > 0 && a[0] is PickleGlobal g
                ? new PickleObject(g.Module, g.Name, a.Skip(1).ToArray())
                : new PickleObject(module, name, a),
            ("copyreg", "__newobj__") => a => a.Length > 0 && a[0] is PickleGlobal g
                ? new PickleObject(g.Module, g.Name, a.Skip(1).ToArray())
                : throw Bad(source, "copyreg.__newobj__ expects a class"),
            _ => null,
        };
        return f is null ? new PickleGlobal(module, name) : new SafeCallable($"{module}.{name}", f);
    }

    // numpy.core.multiarray.scalar(dtype, bytes): one numeric value (for example a numpy.float64 in a dict).
    private static object NumpyScalar(object?[] a, string source)
    {
        if (a.Length < 2 || a[0] is not NumpyDType dtype) throw Bad(source, "numpy scalar without a dtype");
        var array = new NumpyArray();
        array.SetState(new object?[] { 1L, Array.Empty<object?>(), dtype, false, a[1] }, source);
        var value = array.ToDoubleArray()[0];
        return dtype.Kind is 'f' ? value : dtype.Kind is 'b' ? value != 0 : (object)(long)value;
    }

    private static object MakeOrderedDict(object?[] args)
    {
        var d = new PyOrderedDict();
        if (args.Length > 0 && args[0] is System.Collections.IEnumerable items and not string)
            foreach (var item in items)
                if (item is object?[] { Length: 2 } kv) d[Unpickler.Key(kv[0])] = kv[1];
        return d;
    }

    private static object MakeSet(object?[] args)
    {
        var s = new HashSet<object?>();
        if (args.Length > 0 && args[0] is System.Collections.IEnumerable items and not string)
            foreach (var item in items) s.Add(item);
        return s;
    }

    private static object MakeBytes(object?[] args)
    {
        if (args.Length == 0) return Array.Empty<byte>();
        switch (args[0])
        {
            case byte[] b:
                return b.ToArray();
            case string s:
                var encoding = args.Length > 1 ? args[1] as string : "latin1";
                return encoding?.ToLowerInvariant().Replace("-", "").Replace("_", "") switch
                {
                    "utf8" => Encoding.UTF8.GetBytes(s),
                    "ascii" => Encoding.ASCII.GetBytes(s),
                    _ => Encoding.Latin1.GetBytes(s),
                };
            case List<object?> list:
                return list.Select(x => x is long v ? (byte)v : (byte)0).ToArray();
            default:
                return Array.Empty<byte>();
        }
    }

    private static object?[] ToTuple(object? value, string what) => value switch
    {
        object?[] t => t,
        List<object?> l => l.ToArray(),
        _ => throw new Pv3dException($"{what} expects a tuple"),
    };

    // _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
    private static Tensor RebuildTensor(object?[] a, string source)
    {
        if (a.Length < 4 || a[0] is not TorchStorageRef storage)
            throw Bad(source, "a tensor refers to no storage (is this pickle part of a torch.save zip file?)");
        var offset = AsLong(a[1], source);
        var size = ToTuple(a[2], "tensor size").Select(x => AsLong(x, source)).ToArray();
        var stride = ToTuple(a[3], "tensor stride").Select(x => AsLong(x, source)).ToArray();
        if (size.Length != stride.Length) throw Bad(source, $"tensor on storage {storage.Key} has {size.Length} sizes but {stride.Length} strides");
        var raw = storage.Load();
        try
        {
            return raw.View(storage.DType, size, stride, offset);
        }
        catch (TorchException e)
        {
            throw Bad(source, $"tensor of shape [{string.Join(", ", size)}] with offset {offset} and strides [{string.Join(", ", stride)}] does not fit storage {storage.Key} ({storage.NumEl} elements of {storage.DType}): {e.Message}");
        }
    }

    private static long AsLong(object? value, string source) =>
        value is long v ? v : throw Bad(source, $"expected an integer in a tensor description, found {value ?? "None"}");

    private static Pv3dException Bad(string source, string what) => new($"{source}: {what}");
}
