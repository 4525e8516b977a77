using System.Buffers.Binary;
using System.Collections;
using System.Numerics;
using System.Text;

namespace Pv3d.Torch.IO.Pickle;

/// <summary>
/// Writes plain .NET values as a protocol-2 pickle that Python's unpickler (and torch.load) reads:
/// null, bool, integers, floating point, string, byte[], object[] (tuple), lists, dictionaries
/// (<see cref="PyOrderedDict"/> as collections.OrderedDict), sets, and tensors through a callback
/// that supplies their persistent storage id. Placeholders are refused: writing them back would
/// re-create whatever call the original pickle asked for.
/// </summary>
internal sealed class Pickler
{
    private const int MaxDepth = 1000;

    private readonly Stream _out;
    private readonly Func<Tensor, TensorRecord> _describeTensor;
    private readonly HashSet<object> _open = new(ReferenceEqualityComparer.Instance);

    /// <summary>How a tensor is written: its storage's persistent id and its view geometry.</summary>
    public readonly record struct TensorRecord(string StorageType, string Key, long StorageNumEl, long Offset, long[] Shape, long[] Strides);

    public Pickler(Stream output, Func<Tensor, TensorRecord> describeTensor)
    {
        _out = output;
        _describeTensor = describeTensor;
    }

    public void Dump(object? value)
    {
        _out.Write(stackalloc byte[] { 0x80, 2 }); // PROTO 2
        Write(value, 0);
        Op('.');
    }

    private void Op(char op) => _out.WriteByte((byte)op);
    private void Op(byte op) => _out.WriteByte(op);

    private void Write(object? value, int depth)
    {
        if (depth > MaxDepth) throw new Pv3dException($"cannot save: values nested deeper than {MaxDepth} levels");
        switch (value)
        {
            case null or PyNoneKey: Op('N'); return;
            case bool b: Op(b ? (byte)0x88 : (byte)0x89); return;
            case string s: WriteString(s); return;
            case long or int or short or sbyte or byte or ushort or uint: WriteInt(Convert.ToInt64(value)); return;
            case ulong u: WriteBig(u); return;
            case BigInteger big: WriteBig(big); return;
            case double or float or Half:
            {
                Op('G');
                Span<byte> b8 = stackalloc byte[8];
                BinaryPrimitives.WriteDoubleBigEndian(b8, Convert.ToDouble(value is Half h ? (float)h : value));
                _out.Write(b8);
                return;
            }
            case byte[] bytes:
                // Python 3 writes bytes under protocol 2 as _codecs.encode(latin-1 text, 'latin1').
                Global("_codecs", "encode");
                WriteString(Encoding.Latin1.GetString(bytes));
                WriteString("latin1");
                Op(0x86); // TUPLE2
                Op('R');
                return;
            case Tensor t: WriteTensor(t); return;
            case PickleObject or PickleGlobal:
                throw new Pv3dException($"cannot save {value}: placeholders of Python objects are not written back");
        }

        if (!_open.Add(value)) throw new Pv3dException("cannot save: the value contains itself (a reference cycle)");
        try
        {
            switch (value)
            {
                case object?[] tuple: WriteTuple(tuple, depth); break;
                case IDictionary dict: WriteDict(dict, depth); break;
                case HashSet<object?> set:
                    Global("builtins", "set");
                    WriteList(set, depth);
                    Op(0x85); // TUPLE1
                    Op('R');
                    break;
                case IList list: WriteList(list, depth); break;
                default: throw new Pv3dException($"cannot save a value of type {value.GetType().Name}");
            }
        }
        finally
        {
            _open.Remove(value);
        }
    }

    private void WriteInt(long v)
    {
        if (v is >= 0 and < 256) { Op('K'); Op((byte)v); return; }
        if (v is >= 0 and < 65536) { Op('M'); Span<byte> b = stackalloc byte[2]; BinaryPrimitives.WriteUInt16LittleEndian(b, (ushort)v); _out.Write(b); return; }
        if (v is >= int.MinValue and <= int.MaxValue) { Op('J'); Span<byte> b = stackalloc byte[4]; BinaryPrimitives.WriteInt32LittleEndian(b, (int)v); _out.Write(b); return; }
        WriteBig(v);
    }

    private void WriteBig(BigInteger v)
    {
        if (v >= long.MinValue && v <= long.MaxValue && v >= int.MinValue && v <= int.MaxValue) { WriteInt((long)v); return; }
        var bytes = v.ToByteArray(); // little-endian two's complement, as LONG1 wants
        if (bytes.Length > 255) throw new Pv3dException("cannot save an integer wider than 255 bytes");
        Op(0x8a);
        Op((byte)bytes.Length);
        _out.Write(bytes);
    }

    private void WriteString(string s)
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        Op('X');
        Span<byte> n = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(n, (uint)bytes.Length);
        _out.Write(n);
        _out.Write(bytes);
    }

    private void Global(string module, string name)
    {
        Op('c');
        _out.Write(Encoding.ASCII.GetBytes($"{module}\n{name}\n"));
    }

    private void WriteTuple(IReadOnlyList<object?> items, int depth)
    {
        if (items.Count == 0) { Op(')'); return; }
        if (items.Count > 3) Op('(');
        foreach (var item in items) Write(item, depth + 1);
        Op(items.Count switch { 1 => 0x85, 2 => 0x86, 3 => 0x87, _ => (byte)'t' });
    }

    private void WriteList(IEnumerable items, int depth)
    {
        Op(']');
        Op('(');
        foreach (var item in items) Write(item, depth + 1);
        Op('e'); // APPENDS
    }

    private void WriteDict(IDictionary dict, int depth)
    {
        if (dict is PyOrderedDict)
        {
            Global("collections", "OrderedDict");
            Op(')');
            Op('R');
        }
        else Op('}');
        Op('(');
        foreach (DictionaryEntry e in dict)
        {
            Write(e.Key, depth + 1);
            Write(e.Value, depth + 1);
        }
        Op('u'); // SETITEMS
    }

    // torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad, backward_hooks)
    private void WriteTensor(Tensor t)
    {
        var r = _describeTensor(t);
        Global("torch._utils", "_rebuild_tensor_v2");
        Op('(');
        Op('(');
        WriteString("storage");
        Global("torch", r.StorageType);
        WriteString(r.Key);
        WriteString("cpu");
        WriteInt(r.StorageNumEl);
        Op('t');
        Op('Q'); // BINPERSID
        WriteInt(r.Offset);
        WriteTuple(r.Shape.Cast<object?>().ToArray(), 0);
        WriteTuple(r.Strides.Cast<object?>().ToArray(), 0);
        Op(0x89); // requires_grad False
        Global("collections", "OrderedDict");
        Op(')');
        Op('R');
        Op('t');
        Op('R');
    }
}
