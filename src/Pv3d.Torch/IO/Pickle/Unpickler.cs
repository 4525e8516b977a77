using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace Pv3d.Torch.IO.Pickle;

/// <summary>
/// A safe reader of Python pickles (protocols 0 to 5, without out-of-band buffers). It builds only
/// plain values (dict, list, tuple as object[], str, long/BigInteger, double, bool, null, byte[]),
/// OrderedDict, sets, torch.Size and tensors; any other class or function becomes an inert
/// <see cref="PickleObject"/> or <see cref="PickleGlobal"/>. Nothing the pickle names is ever executed.
/// Every length is checked against the bytes left, so a corrupt pickle fails fast instead of hanging.
/// </summary>
public sealed partial class Unpickler
{
    private readonly byte[] _data;
    private readonly string _source;
    private readonly Func<object?, object?>? _persistentLoad;
    private readonly List<object?> _stack = new();
    private readonly List<int> _marks = new();
    private readonly Dictionary<long, object?> _memo = new();
    private int _pos;

    /// <param name="data">The whole pickle.</param>
    /// <param name="source">Names the pickle in error messages (a file name, or file:member).</param>
    /// <param name="persistentLoad">Resolves persistent ids (checkpoint storages); without it they are an error.</param>
    public Unpickler(byte[] data, string source, Func<object?, object?>? persistentLoad = null)
    {
        _data = data;
        _source = source;
        _persistentLoad = persistentLoad;
    }

    /// <summary>Reads a whole pickle file into plain .NET values.</summary>
    public static object? LoadFile(string path)
    {
        if (!File.Exists(path)) throw new Pv3dException($"{path}: file not found");
        return new Unpickler(File.ReadAllBytes(path), path).Load();
    }

    public object? Load()
    {
        while (true)
        {
            if (_pos >= _data.Length) throw Error("pickle ends before its STOP opcode (truncated file?)");
            var at = _pos;
            var op = _data[_pos++];
            if (op == '.')
            {
                if (_stack.Count == 0) throw Error("STOP with an empty stack");
                return Pop();
            }
            try
            {
                Execute(op);
            }
            catch (PickleFormatException e)
            {
                throw Error($"{e.Message} (opcode 0x{op:x2} at byte {at})");
            }
            catch (Exception e) when (e is not (Pv3dException or TorchException or OutOfMemoryException))
            {
                throw Error($"malformed pickle: {e.Message} (opcode 0x{op:x2} at byte {at})");
            }
        }
    }

    private Pv3dException Error(string what) => new($"{_source}: {what}");

    /// <summary>Turns a pickled dict key into a .NET key (None cannot be a .NET key).</summary>
    internal static object Key(object? key) => key ?? PyNoneKey.Instance;

    // ---- stack -----------------------------------------------------------------------------

    private void Push(object? value) => _stack.Add(value);

    private object? Pop()
    {
        if (_stack.Count == 0 || (_marks.Count > 0 && _marks[^1] == _stack.Count))
            throw new PickleFormatException("stack underflow");
        var v = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        return v;
    }

    private object? Top() =>
        _stack.Count == 0 ? throw new PickleFormatException("stack underflow") : _stack[^1];

    /// <summary>Pops everything above the last MARK, and the mark.</summary>
    private object?[] PopMark()
    {
        if (_marks.Count == 0) throw new PickleFormatException("no MARK on the stack");
        var start = _marks[^1];
        _marks.RemoveAt(_marks.Count - 1);
        var items = _stack.GetRange(start, _stack.Count - start).ToArray();
        _stack.RemoveRange(start, _stack.Count - start);
        return items;
    }

    // ---- raw input -------------------------------------------------------------------------

    private ReadOnlySpan<byte> Take(long n)
    {
        if (n < 0 || n > _data.Length - _pos)
            throw new PickleFormatException($"needs {n} bytes but only {_data.Length - _pos} remain (truncated or corrupt)");
        var span = _data.AsSpan(_pos, (int)n);
        _pos += (int)n;
        return span;
    }

    private byte U8() => Take(1)[0];
    private ushort U16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));
    private int I32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));
    private uint U32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));
    private long I64()
    {
        var v = BinaryPrimitives.ReadInt64LittleEndian(Take(8));
        return v < 0 ? throw new PickleFormatException($"length {v} is negative") : v;
    }

    private string Line()
    {
        var end = Array.IndexOf(_data, (byte)'\n', _pos);
        if (end < 0) throw new PickleFormatException("text argument without end of line");
        var s = Encoding.Latin1.GetString(_data, _pos, end - _pos);
        _pos = end + 1;
        return s;
    }

    private static object Integer(BigInteger v) => v >= long.MinValue && v <= long.MaxValue ? (object)(long)v : v;

    private static object ParseInt(string text)
    {
        text = text.Trim();
        if (text.EndsWith('L')) text = text[..^1];
        if (!BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v))
            throw new PickleFormatException($"'{text}' is not an integer");
        return Integer(v);
    }

    private sealed class PickleFormatException(string message) : Exception(message);
}
