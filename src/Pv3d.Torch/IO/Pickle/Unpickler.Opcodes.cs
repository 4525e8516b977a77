using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;
using Pv3d.Torch.IO;

namespace Pv3d.Torch.IO.Pickle;

public sealed partial class Unpickler
{
    private void Execute(byte op)
    {
        switch (op)
        {
            // framing and protocol
            case 0x80: if (U8() > 5) throw new PickleFormatException("pickle protocol above 5"); break; // PROTO
            case 0x95: I64(); break; // FRAME: a length prefix only; the frame's bytes follow inline

            // stack manipulation
            case (byte)'(': _marks.Add(_stack.Count); break; // MARK
            case (byte)'0': if (_stack.Count > 0 && (_marks.Count == 0 || _marks[^1] < _stack.Count)) Pop(); else PopMark(); break; // POP
            case (byte)'1': PopMark(); break; // POP_MARK
            case (byte)'2': Push(Top()); break; // DUP

            // constants and numbers
            case (byte)'N': Push(null); break;
            case 0x88: Push(true); break; // NEWTRUE
            case 0x89: Push(false); break; // NEWFALSE
            case (byte)'I': // INT (text; 00 and 01 are the protocol-0 booleans)
            {
                var text = Line();
                Push(text == "01" ? true : text == "00" ? false : ParseInt(text));
                break;
            }
            case (byte)'J': Push((long)I32()); break; // BININT
            case (byte)'K': Push((long)U8()); break; // BININT1
            case (byte)'M': Push((long)U16()); break; // BININT2
            case (byte)'L': Push(ParseInt(Line())); break; // LONG (text)
            case 0x8a: Push(Integer(new BigInteger(Take(U8()), isUnsigned: false, isBigEndian: false))); break; // LONG1
            case 0x8b: Push(Integer(new BigInteger(Take(I32()), isUnsigned: false, isBigEndian: false))); break; // LONG4
            case (byte)'F': Push(ParseFloat(Line())); break; // FLOAT
            case (byte)'G': Push(BinaryPrimitives.ReadDoubleBigEndian(Take(8))); break; // BINFLOAT

            // strings and bytes (protocol-2 str objects from Python 2 are read as latin-1 text)
            case (byte)'S': Push(PythonLiteral.UnquoteBytesRepr(Line())); break; // STRING
            case (byte)'T': Push(Encoding.Latin1.GetString(Take(I32()))); break; // BINSTRING
            case (byte)'U': Push(Encoding.Latin1.GetString(Take(U8()))); break; // SHORT_BINSTRING
            case (byte)'V': Push(PythonLiteral.RawUnicodeEscape(Line())); break; // UNICODE
            case (byte)'X': Push(Utf8(Take(U32()))); break; // BINUNICODE
            case 0x8c: Push(Utf8(Take(U8()))); break; // SHORT_BINUNICODE
            case 0x8d: Push(Utf8(Take(I64()))); break; // BINUNICODE8
            case (byte)'B': Push(Take(U32()).ToArray()); break; // BINBYTES
            case (byte)'C': Push(Take(U8()).ToArray()); break; // SHORT_BINBYTES
            case 0x8e: Push(Take(I64()).ToArray()); break; // BINBYTES8
            case 0x96: Push(Take(I64()).ToArray()); break; // BYTEARRAY8

            // containers
            case (byte)']': Push(new List<object?>()); break; // EMPTY_LIST
            case (byte)'l': Push(new List<object?>(PopMark())); break; // LIST
            case (byte)'a': { var v = Pop(); Append(Top(), new[] { v }); break; } // APPEND
            case (byte)'e': { var items = PopMark(); Append(Top(), items); break; } // APPENDS
            case (byte)')': Push(Array.Empty<object?>()); break; // EMPTY_TUPLE
            case (byte)'t': Push(PopMark()); break; // TUPLE
            case 0x85: Push(new[] { Pop() }); break; // TUPLE1
            case 0x86: { var b = Pop(); var a = Pop(); Push(new[] { a, b }); break; } // TUPLE2
            case 0x87: { var c = Pop(); var b = Pop(); var a = Pop(); Push(new[] { a, b, c }); break; } // TUPLE3
            case (byte)'}': Push(new Dictionary<object, object?>()); break; // EMPTY_DICT
            case (byte)'d': { var d = new Dictionary<object, object?>(); SetItems(d, PopMark()); Push(d); break; } // DICT
            case (byte)'s': { var v = Pop(); var k = Pop(); SetItems(Top(), new[] { k, v }); break; } // SETITEM
            case (byte)'u': { var items = PopMark(); SetItems(Top(), items); break; } // SETITEMS
            case 0x8f: Push(new HashSet<object?>()); break; // EMPTY_SET
            case 0x90: { var items = PopMark(); if (Top() is HashSet<object?> s) s.UnionWith(items); else throw new PickleFormatException("ADDITEMS on a non-set"); break; } // ADDITEMS
            case 0x91: Push(new HashSet<object?>(PopMark())); break; // FROZENSET

            // memo
            case (byte)'p': _memo[long.Parse(Line(), CultureInfo.InvariantCulture)] = Top(); break; // PUT
            case (byte)'q': _memo[U8()] = Top(); break; // BINPUT
            case (byte)'r': _memo[U32()] = Top(); break; // LONG_BINPUT
            case 0x94: _memo[_memo.Count] = Top(); break; // MEMOIZE
            case (byte)'g': Push(MemoGet(long.Parse(Line(), CultureInfo.InvariantCulture))); break; // GET
            case (byte)'h': Push(MemoGet(U8())); break; // BINGET
            case (byte)'j': Push(MemoGet(U32())); break; // LONG_BINGET

            // classes, calls and objects: only allow-listed callables run; the rest become placeholders
            case (byte)'c': { var module = Line(); var name = Line(); Push(SafeGlobals.Resolve(module, name, _source)); break; } // GLOBAL
            case 0x93: { var name = Pop() as string; var module = Pop() as string; // STACK_GLOBAL
                if (module is null || name is null) throw new PickleFormatException("STACK_GLOBAL needs two strings");
                Push(SafeGlobals.Resolve(module, name, _source)); break; }
            case (byte)'R': { var args = AsArgs(Pop()); Push(Call(Pop(), args)); break; } // REDUCE
            case 0x81: { var args = AsArgs(Pop()); Push(Call(Pop(), args)); break; } // NEWOBJ
            case 0x92: { var kwargs = Pop(); var args = AsArgs(Pop()); var obj = Call(Pop(), args); // NEWOBJ_EX
                if (obj is PickleObject p && kwargs is Dictionary<object, object?> kw && kw.Count > 0) p.Kwargs = kw;
                Push(obj); break; }
            case (byte)'i': { var module = Line(); var name = Line(); var args = PopMark(); // INST
                Push(Call(SafeGlobals.Resolve(module, name, _source), args)); break; }
            case (byte)'o': { var items = PopMark(); // OBJ
                if (items.Length == 0) throw new PickleFormatException("OBJ without a class");
                Push(Call(items[0], items[1..])); break; }
            case (byte)'b': { var state = Pop(); Build(Top(), state); break; } // BUILD

            // persistent ids (storages of torch checkpoints)
            case (byte)'P': Push(PersistentLoad(Line())); break; // PERSID
            case (byte)'Q': Push(PersistentLoad(Pop())); break; // BINPERSID

            case 0x82 or 0x83 or 0x84:
                throw new PickleFormatException("extension registry opcodes (EXT1/2/4) are not supported");
            case 0x97 or 0x98:
                throw new PickleFormatException("out-of-band buffers (pickle protocol 5 NEXT_BUFFER) are not supported");
            default:
                throw new PickleFormatException($"unknown pickle opcode 0x{op:x2} (not a pickle, or a corrupt one)");
        }
    }

    private static double ParseFloat(string text) => text.Trim() switch
    {
        "inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        "nan" or "-nan" => double.NaN,
        var t => double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
            ? v : throw new PickleFormatException($"'{t}' is not a float"),
    };

    private static string Utf8(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);

    private object? MemoGet(long key) =>
        _memo.TryGetValue(key, out var v) ? v : throw new PickleFormatException($"memo entry {key} was never stored");

    private static object?[] AsArgs(object? value) => value switch
    {
        object?[] t => t,
        List<object?> l => l.ToArray(),
        _ => throw new PickleFormatException("call arguments are not a tuple"),
    };

    private static object? Call(object? callable, object?[] args) => callable switch
    {
        SafeCallable f => f.Invoke(args),
        PickleGlobal g => new PickleObject(g.Module, g.Name, args),
        TorchStorageType t => new PickleObject("torch", t.Name, args),
        _ => throw new PickleFormatException($"the pickle calls a value that is not a class or function ({Describe(callable)})"),
    };

    private static void Append(object? target, object?[] items)
    {
        switch (target)
        {
            case List<object?> list: list.AddRange(items); break;
            case PickleObject p: p.ListItems.AddRange(items); break;
            case HashSet<object?> set: set.UnionWith(items); break;
            default: throw new PickleFormatException($"APPEND to {Describe(target)}");
        }
    }

    private static void SetItems(object? target, object?[] items)
    {
        if (items.Length % 2 != 0) throw new PickleFormatException("odd number of dict items");
        var dict = target switch
        {
            Dictionary<object, object?> d => d,
            PickleObject p => p.DictItems,
            _ => throw new PickleFormatException($"SETITEM on {Describe(target)}"),
        };
        for (var i = 0; i < items.Length; i += 2) dict[Key(items[i])] = items[i + 1];
    }

    private void Build(object? target, object? state)
    {
        switch (target)
        {
            case NumpyArray a: a.SetState(state, _source); break;
            case NumpyDType t: t.SetState(state, _source); break;
            case PickleObject p: p.State = state; break;
            // BUILD on a dict sets Python attributes, not items (torch state dicts carry _metadata this way).
            case PyOrderedDict d: d.Attributes = state; break;
            // Other built values (tensors with extra Python attributes, sets) keep their data; the state is dropped.
        }
    }

    private object? PersistentLoad(object? pid)
    {
        if (_persistentLoad is null)
            throw new PickleFormatException("the pickle refers to external data (a persistent id) and none was provided");
        return _persistentLoad(pid);
    }

    private static string Describe(object? value) => value?.GetType().Name ?? "None";
}
