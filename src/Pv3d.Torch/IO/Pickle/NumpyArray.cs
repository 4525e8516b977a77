using System.Buffers.Binary;

namespace Pv3d.Torch.IO.Pickle;

/// <summary>
/// A NumPy array read from a pickle (<c>numpy.ndarray.__reduce__</c>): the pickle calls
/// <c>numpy.core.multiarray._reconstruct(numpy.ndarray, (0,), b'b')</c> for an empty array, then BUILD sets the
/// state <c>(version, shape, dtype, is_fortran, data)</c>. The unpickler never imports NumPy: it recognises
/// exactly these names, checks the state and keeps the raw bytes. Numeric dtypes only (f2/f4/f8, i1/i2/i4/i8,
/// u1/u2/u4/u8, b1); object arrays (whose data would be more pickled objects) are refused.
/// </summary>
public sealed class NumpyArray
{
    internal NumpyArray() { }

    /// <summary>The dtype (set by BUILD); null until the pickle has built the array.</summary>
    public NumpyDType? DType { get; private set; }

    /// <summary>Shape, C order.</summary>
    public long[] Shape { get; private set; } = { 0 };

    /// <summary>Element bytes in C order and little-endian (Fortran-ordered and big-endian data are normalised).</summary>
    public byte[] Data { get; private set; } = Array.Empty<byte>();

    public long NumEl => Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>Applies the BUILD state <c>(version, shape, dtype, is_fortran, data)</c> (version 1; the
    /// 4-element form without a version is NumPy's older one).</summary>
    internal void SetState(object? state, string source)
    {
        if (state is not object?[] t || t.Length is not (4 or 5))
            throw Bad(source, "a numpy array's state is not a (version, shape, dtype, is_fortran, data) tuple");
        var items = t.Length == 5 ? t[1..] : t;
        var shapeItems = items[0] as object?[] ?? throw Bad(source, "a numpy array's shape is not a tuple");
        var shape = new long[shapeItems.Length];
        for (var i = 0; i < shape.Length; i++)
            shape[i] = shapeItems[i] is long v && v >= 0 ? v : throw Bad(source, $"a numpy array has a bad dimension '{shapeItems[i]}'");
        var dtype = items[1] as NumpyDType ?? throw Bad(source, "a numpy array's dtype is not a numpy.dtype");
        dtype.Check(source);
        var fortran = items[2] is bool f ? f : throw Bad(source, "a numpy array's is_fortran flag is not a bool");
        var data = items[3] switch
        {
            byte[] b => b,
            // Python 2 pickles (and protocol <= 2) carry the bytes as a latin-1 str.
            string s => System.Text.Encoding.Latin1.GetBytes(s),
            _ => throw Bad(source, $"numpy array of dtype {dtype.Descr} carries no raw bytes (object arrays are not supported)"),
        };
        var n = RawStorage.NumElOf(shape, source);
        if (n > long.MaxValue / dtype.ItemSize || data.LongLength != n * dtype.ItemSize)
            throw Bad(source, $"numpy array of shape [{string.Join(", ", shape)}] and dtype {dtype.Descr} needs {n * dtype.ItemSize} bytes, the pickle holds {data.LongLength}");
        if (dtype.BigEndian && dtype.ItemSize > 1)
        {
            data = data.ToArray();
            for (var i = 0; i < data.Length; i += dtype.ItemSize) Array.Reverse(data, i, dtype.ItemSize);
        }
        if (fortran && shape.Length > 1) data = FortranToC(data, shape, dtype.ItemSize);
        DType = dtype;
        Shape = shape;
        Data = data;
    }

    private static byte[] FortranToC(byte[] data, long[] shape, int itemSize)
    {
        var result = new byte[data.Length];
        var n = data.Length / itemSize;
        var index = new long[shape.Length];
        for (long c = 0; c < n; c++)
        {
            // c walks C order; compute the Fortran offset of the same multi-index.
            long f = 0, stride = 1;
            for (var d = 0; d < shape.Length; d++) { f += index[d] * stride; stride *= shape[d]; }
            Buffer.BlockCopy(data, (int)(f * itemSize), result, (int)(c * itemSize), itemSize);
            for (var d = shape.Length - 1; d >= 0; d--)
            {
                if (++index[d] < shape[d]) break;
                index[d] = 0;
            }
        }
        return result;
    }

    /// <summary>The values as doubles (any numeric dtype), C order.</summary>
    public double[] ToDoubleArray()
    {
        var dtype = DType ?? throw new InvalidOperationException("numpy array was never built");
        var n = (int)NumEl;
        var result = new double[n];
        var s = Data.AsSpan();
        for (var i = 0; i < n; i++)
        {
            var e = s.Slice(i * dtype.ItemSize, dtype.ItemSize);
            result[i] = (dtype.Kind, dtype.ItemSize) switch
            {
                ('f', 8) => BinaryPrimitives.ReadDoubleLittleEndian(e),
                ('f', 4) => BinaryPrimitives.ReadSingleLittleEndian(e),
                ('f', 2) => (double)BinaryPrimitives.ReadHalfLittleEndian(e),
                ('i', 8) => BinaryPrimitives.ReadInt64LittleEndian(e),
                ('i', 4) => BinaryPrimitives.ReadInt32LittleEndian(e),
                ('i', 2) => BinaryPrimitives.ReadInt16LittleEndian(e),
                ('i', 1) => (sbyte)e[0],
                ('u', 8) => BinaryPrimitives.ReadUInt64LittleEndian(e),
                ('u', 4) => BinaryPrimitives.ReadUInt32LittleEndian(e),
                ('u', 2) => BinaryPrimitives.ReadUInt16LittleEndian(e),
                ('u', 1) or ('b', 1) => e[0],
                _ => throw new InvalidOperationException($"dtype {dtype.Descr}"),
            };
        }
        return result;
    }

    /// <summary>A CPU tensor of the same dtype and shape (u2/u4/u8, which torch lacks, become int64).</summary>
    public Tensor ToTensor()
    {
        var dtype = DType ?? throw new InvalidOperationException("numpy array was never built");
        DType? torchType = (dtype.Kind, dtype.ItemSize) switch
        {
            ('f', 8) => Torch.DType.Float64, ('f', 4) => Torch.DType.Float32, ('f', 2) => Torch.DType.Float16,
            ('i', 8) => Torch.DType.Int64, ('i', 4) => Torch.DType.Int32, ('i', 2) => Torch.DType.Int16, ('i', 1) => Torch.DType.Int8,
            ('u', 1) => Torch.DType.UInt8, ('b', 1) => Torch.DType.Bool,
            _ => null,
        };
        if (torchType is null)
            return Tensor.FromArray(ToDoubleArray().Select(v => (long)v).ToArray(), Shape);
        using var raw = RawStorage.Allocate(Data.LongLength);
        if (Data.Length > 0) Data.CopyTo(raw.Span(0, Data.Length));
        return raw.ViewContiguous(torchType.Value, Shape).Clone();
    }

    public override string ToString() => $"numpy.ndarray(shape=[{string.Join(", ", Shape)}], dtype={DType?.Descr ?? "?"})";

    private static Pv3dException Bad(string source, string what) => new($"{source}: {what}");
}

/// <summary>
/// A <c>numpy.dtype</c> from a pickle: <c>numpy.dtype('f8', False, True)</c>, then BUILD with
/// <c>(3, '&lt;', None, None, None, -1, -1, 0)</c> (the byte order is the second field).
/// </summary>
public sealed class NumpyDType
{
    internal NumpyDType(string name) => Name = name;

    /// <summary>The type string the pickle gave (<c>f8</c>, <c>i4</c>, <c>b1</c>, ...).</summary>
    public string Name { get; }

    /// <summary>Byte order from the BUILD state: '&lt;', '&gt;', '|' or '='.</summary>
    public char ByteOrder { get; private set; } = '=';

    public char Kind => Name.Length > 0 ? Name[0] : '?';

    public int ItemSize => Name.Length > 1 && int.TryParse(Name.AsSpan(1), out var n) ? n : 0;

    internal bool BigEndian => ByteOrder == '>' && BitConverter.IsLittleEndian;

    public string Descr => $"{ByteOrder}{Name}";

    internal void SetState(object? state, string source)
    {
        if (state is not object?[] { Length: >= 2 } t || t[1] is not string { Length: 1 } order || order[0] is not ('<' or '>' or '|' or '='))
            throw new Pv3dException($"{source}: a numpy dtype's state has no byte order");
        ByteOrder = order[0];
    }

    internal void Check(string source)
    {
        var ok = (Kind, ItemSize) is ('f', 2 or 4 or 8) or ('i', 1 or 2 or 4 or 8) or ('u', 1 or 2 or 4 or 8) or ('b', 1);
        if (!ok) throw new Pv3dException($"{source}: numpy dtype '{Name}' is not supported (numeric dtypes only: f2, f4, f8, i1-i8, u1-u8, b1)");
    }

    public override string ToString() => $"dtype('{Descr}')";
}
