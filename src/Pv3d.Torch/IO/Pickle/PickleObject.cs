namespace Pv3d.Torch.IO.Pickle;

/// <summary>
/// An inert stand-in for an object of a class the unpickler does not build (a config class, a numpy
/// scalar, or something hostile such as <c>os.system(...)</c>). It records what the pickle asked for;
/// nothing named here is ever imported or called.
/// </summary>
public sealed class PickleObject
{
    public PickleObject(string module, string name, object?[] args)
    {
        Module = module;
        Name = name;
        Args = args;
    }

    /// <summary>Module of the class or function the pickle named (for example <c>argparse</c>).</summary>
    public string Module { get; }

    /// <summary>Name of the class or function (for example <c>Namespace</c>).</summary>
    public string Name { get; }

    /// <summary>Arguments of the call (REDUCE) or of <c>cls.__new__</c> (NEWOBJ).</summary>
    public object?[] Args { get; }

    /// <summary>Keyword arguments (NEWOBJ_EX), if any.</summary>
    public Dictionary<object, object?>? Kwargs { get; internal set; }

    /// <summary>The state passed to <c>__setstate__</c> (BUILD), often a dict of attributes.</summary>
    public object? State { get; internal set; }

    /// <summary>Items appended to the object when it subclasses list.</summary>
    public List<object?> ListItems { get; } = new();

    /// <summary>Items set on the object when it subclasses dict.</summary>
    public Dictionary<object, object?> DictItems { get; } = new();

    public string FullName => $"{Module}.{Name}";

    /// <summary>The attribute dict set by BUILD (the common <c>__dict__</c> state), or null.</summary>
    public Dictionary<object, object?>? Attributes =>
        State switch
        {
            Dictionary<object, object?> d => d,
            // (dict, slots) pair used by classes with __slots__
            object?[] { Length: 2 } pair when pair[0] is Dictionary<object, object?> d => d,
            _ => null,
        };

    public override string ToString() => $"<placeholder {FullName}>";
}

/// <summary>A class or function named by the pickle (GLOBAL) and not called: kept as a name only.</summary>
public sealed record PickleGlobal(string Module, string Name)
{
    public string FullName => $"{Module}.{Name}";
    public override string ToString() => $"<global {FullName}>";
}

/// <summary>A Python <c>collections.OrderedDict</c>; entries keep their insertion order.</summary>
public sealed class PyOrderedDict : Dictionary<object, object?>
{
    /// <summary>Python attributes set on the dict (torch state dicts keep a <c>_metadata</c> attribute here).</summary>
    public object? Attributes { get; set; }
}

/// <summary>Stands for Python's None where .NET cannot hold null (a dictionary key).</summary>
public sealed class PyNoneKey
{
    public static readonly PyNoneKey Instance = new();
    private PyNoneKey() { }
    public override string ToString() => "None";
}
