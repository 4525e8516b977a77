using System.Buffers.Binary;
using System.Text;

namespace Pv3d.Torch.IO;

/// <summary>
/// NumPy's .npy format (versions 1 to 3): the magic <c>\x93NUMPY</c>, a version, a header length, a
/// Python-literal header dict (descr, fortran_order, shape), then the raw array. Reads little- and
/// big-endian f2/f4/f8, i1/i2/i4/i8, u1 and b1, in C or Fortran order; writes little-endian C order.
/// </summary>
public static class Npy
{
    private const int MaxHeaderBytes = 1 << 20;
    private static readonly byte[] Magic = { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y' };

    private static readonly Dictionary<string, DType> Kinds = new()
    {
        ["f2"] = DType.Float16, ["f4"] = DType.Float32, ["f8"] = DType.Float64,
        ["i1"] = DType.Int8, ["i2"] = DType.Int16, ["i4"] = DType.Int32, ["i8"] = DType.Int64,
        ["u1"] = DType.UInt8, ["b1"] = DType.Bool,
    };

    public static Tensor Load(string path)
    {
        if (!File.Exists(path)) throw new Pv3dException($"{path}: NPY file not found");
        using var stream = File.OpenRead(path);
        return Read(stream, path, stream.Length);
    }

    /// <summary>Writes a tensor (any layout; stored in C order) and replaces the file atomically.</summary>
    public static void Save(string path, Tensor tensor) => AtomicFile.Write(path, f => Write(f, tensor));

    /// <summary>Reads one array from a stream of <paramref name="length"/> bytes (errors name <paramref name="source"/>).</summary>
    public static Tensor Read(Stream stream, string source, long length)
    {
        var prefix = new byte[8];
        if (ReadFully(stream, prefix) < 8 || !prefix.AsSpan(0, 6).SequenceEqual(Magic))
            throw Bad(source, "not an NPY file (bad magic bytes)");
        var major = prefix[6];
        if (major is < 1 or > 3) throw Bad(source, $"unsupported NPY format version {major}.{prefix[7]}");
        var lengthBytes = new byte[major == 1 ? 2 : 4];
        if (ReadFully(stream, lengthBytes) < lengthBytes.Length) throw Bad(source, "truncated NPY header");
        long headerLength = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(lengthBytes) : BinaryPrimitives.ReadUInt32LittleEndian(lengthBytes);
        var consumed = 8 + lengthBytes.Length;
        if (headerLength > MaxHeaderBytes || headerLength > length - consumed)
            throw Bad(source, $"NPY header length {headerLength} goes beyond the file");
        var headerBytes = new byte[headerLength];
        if (ReadFully(stream, headerBytes) < headerLength) throw Bad(source, "truncated NPY header");
        var header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(headerBytes);
        var (dtype, bigEndian, fortran, shape) = ParseHeader(header, source);

        var nbytes = RawStorage.NumElOf(shape, source) is var n && n <= long.MaxValue / dtype.ElementSize()
            ? n * dtype.ElementSize()
            : throw Bad(source, "NPY shape is impossibly large");
        if (nbytes > length - consumed - headerLength)
            throw Bad(source, $"NPY data is truncated: shape [{string.Join(", ", shape)}] needs {nbytes} bytes, {length - consumed - headerLength} remain");
        using var raw = RawStorage.Read(stream, nbytes, done => Bad(source, $"NPY data ends after {done} of {nbytes} bytes"));
        if (bigEndian) raw.SwapBytes(dtype.ElementSize());
        if (!fortran || shape.Length < 2) return raw.ViewContiguous(dtype, shape);
        // Fortran order: view with column-major strides, then copy to C order.
        var strides = new long[shape.Length];
        long s = 1;
        for (var i = 0; i < shape.Length; i++) { strides[i] = s; s *= Math.Max(shape[i], 1); }
        return raw.View(dtype, shape, strides, 0, contiguous: true);
    }

    private static (DType, bool BigEndian, bool Fortran, long[] Shape) ParseHeader(string header, string source)
    {
        object? parsed;
        try
        {
            parsed = PythonLiteral.Parse(header.Trim());
        }
        catch (FormatException e)
        {
            throw Bad(source, $"NPY header is not a Python dict literal ({e.Message})");
        }
        if (parsed is not Dictionary<object, object?> dict
            || !dict.TryGetValue("descr", out var descrValue) || descrValue is not string descr
            || !dict.TryGetValue("fortran_order", out var fortranValue) || fortranValue is not bool fortran
            || !dict.TryGetValue("shape", out var shapeValue) || shapeValue is not object?[] shapeItems)
            throw Bad(source, "NPY header lacks descr, fortran_order or shape");
        var shape = new long[shapeItems.Length];
        for (var i = 0; i < shape.Length; i++)
            shape[i] = shapeItems[i] is long v && v >= 0 ? v : throw Bad(source, $"NPY shape has a bad dimension '{shapeItems[i]}'");
        if (descr.Length != 3 || descr[0] is not ('<' or '>' or '|' or '=') || !Kinds.TryGetValue(descr[1..], out var dtype))
            throw Bad(source, $"NPY dtype '{descr}' is not supported (use f2, f4, f8, i1, i2, i4, i8, u1 or b1)");
        return (dtype, descr[0] == '>' && BitConverter.IsLittleEndian, fortran, shape);
    }

    internal static void Write(Stream stream, Tensor tensor)
    {
        var descr = tensor.DType switch
        {
            DType.Bool => "|b1", DType.UInt8 => "|u1", DType.Int8 => "|i1", DType.Int16 => "<i2", DType.Int32 => "<i4",
            DType.Int64 => "<i8", DType.Float16 => "<f2", DType.Float32 => "<f4", DType.Float64 => "<f8",
            var d => throw new Pv3dException($"dtype {d} has no NPY equivalent; convert it first (for example to Float32)"),
        };
        var shape = tensor.Shape;
        var shapeText = shape.Length == 1 ? $"({shape[0]},)" : $"({string.Join(", ", shape)})";
        var dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shapeText}, }}";
        var version = dict.Length + 11 + 64 > ushort.MaxValue ? 2 : 1;
        var prefixLength = version == 1 ? 10 : 12;
        var total = (prefixLength + dict.Length + 1 + 63) / 64 * 64; // data starts 64-byte aligned
        var header = dict.PadRight(total - prefixLength - 1) + "\n";
        stream.Write(Magic);
        stream.WriteByte((byte)version);
        stream.WriteByte(0);
        Span<byte> len = stackalloc byte[4];
        if (version == 1) { BinaryPrimitives.WriteUInt16LittleEndian(len, (ushort)header.Length); stream.Write(len[..2]); }
        else { BinaryPrimitives.WriteUInt32LittleEndian(len, (uint)header.Length); stream.Write(len); }
        stream.Write(Encoding.Latin1.GetBytes(header));
        stream.Write(RawStorage.ContiguousBytes(tensor));
    }

    private static int ReadFully(Stream stream, byte[] buffer) => stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);

    private static Pv3dException Bad(string source, string what) => new($"{source}: {what}");
}
