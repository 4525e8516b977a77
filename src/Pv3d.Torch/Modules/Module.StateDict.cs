
namespace Pv3d.Torch.Modules;

public abstract partial class Module
{
    /// <summary>
    /// Every parameter and persistent buffer under PyTorch's dotted name and in PyTorch's order: each
    /// module's parameters, then its buffers, then its children recursively. The tensors are the
    /// module's own (not copies): read or save them, do not dispose them.
    /// </summary>
    public OrderedDictionary<string, Tensor> StateDict(string prefix = "")
    {
        var result = new OrderedDictionary<string, Tensor>();
        Collect(this, prefix, result);
        return result;

        static void Collect(Module m, string prefix, OrderedDictionary<string, Tensor> into)
        {
            foreach (var (name, p) in m._parameters)
                if (p != null) into[Join(prefix, name)] = p;
            foreach (var (name, b) in m._buffers)
                if (b != null && !m._nonPersistentBuffers.Contains(name)) into[Join(prefix, name)] = b;
            foreach (var (name, child) in m._modules)
                if (child != null) Collect(child, Join(prefix, name), into);
        }
    }

    /// <summary>
    /// What <see cref="LoadStateDict"/> would find, without loading anything: the keys of this module that
    /// <paramref name="source"/> lacks, its keys this module lacks, and the entries of another shape.
    /// </summary>
    public LoadStateDictReport CompareStateDict(IReadOnlyDictionary<string, Tensor> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var own = StateDict();
        var missing = own.Keys.Where(k => !source.ContainsKey(k)).ToList();
        var unexpected = source.Keys.Where(k => !own.ContainsKey(k)).ToList();
        var mismatched = new List<ShapeMismatch>();
        foreach (var (name, target) in own)
            if (source.TryGetValue(name, out var value) && !target.Shape.SequenceEqual(value.Shape))
                mismatched.Add(new ShapeMismatch(name, target.Shape, value.Shape));
        return new LoadStateDictReport(missing, unexpected, mismatched);
    }

    /// <summary>
    /// Copies the values of <paramref name="source"/> into this module's parameters and persistent
    /// buffers, in place and without recording gradients, converting dtype and device as needed.
    /// Strict mode checks everything first and throws <see cref="Pv3dException"/> naming every
    /// missing, unexpected or mis-shaped key, changing nothing. Non-strict mode loads what matches
    /// and reports the rest (unlike PyTorch, it also skips mis-shaped entries instead of failing).
    /// </summary>
    public LoadStateDictReport LoadStateDict(IReadOnlyDictionary<string, Tensor> source, bool strict = true)
    {
        var report = CompareStateDict(source);
        if (strict && !report.IsComplete)
            throw new Pv3dException($"cannot load the state dict into {GetType().Name}: {report.Describe()}");

        var own = StateDict();
        var skip = report.Mismatched.Select(m => m.Name).ToHashSet();
        using var noGrad = Autograd.NoGrad();
        foreach (var (name, target) in own)
        {
            if (skip.Contains(name) || !source.TryGetValue(name, out var value)) continue;
            CopyInPlace(target, value);
        }
        return report;
    }

    /// <summary>
    /// Copies every parameter and buffer (persistent or not) of <paramref name="other"/>, a module of
    /// the same structure, into this one in place: the cheap way to keep an EMA copy in sync.
    /// </summary>
    public void CopyFrom(Module other)
    {
        ArgumentNullException.ThrowIfNull(other);
        using var noGrad = Autograd.NoGrad();
        CopyMembers(NamedParameters().ToList(), other.NamedParameters().ToList(), "parameter");
        CopyMembers(NamedBuffers().ToList(), other.NamedBuffers().ToList(), "buffer");
    }

    private void CopyMembers(List<(string Name, Tensor Value)> mine, List<(string Name, Tensor Value)> theirs, string kind)
    {
        var source = theirs.ToDictionary(t => t.Name, t => t.Value);
        if (mine.Count != source.Count || mine.Any(m => !source.ContainsKey(m.Name)))
        {
            var a = mine.Select(m => m.Name).ToHashSet();
            var onlyHere = a.Except(source.Keys).Take(5);
            var onlyThere = source.Keys.Except(a).Take(5);
            throw new ArgumentException(
                $"cannot copy {kind}s between modules of different structure ({GetType().Name}): " +
                $"only here: [{string.Join(", ", onlyHere)}], only in the source: [{string.Join(", ", onlyThere)}]");
        }
        foreach (var (name, target) in mine)
        {
            var value = source[name];
            if (!target.Shape.SequenceEqual(value.Shape))
                throw new ArgumentException(
                    $"{kind} '{name}' has shape [{string.Join(", ", target.Shape)}] here but [{string.Join(", ", value.Shape)}] in the source");
            CopyInPlace(target, value);
        }
    }

    /// <summary>dst.copy_(src) without recording gradients, converting dtype and device.</summary>
    private static void CopyInPlace(Tensor target, Tensor value)
    {
        using var noGrad = Autograd.NoGrad();
        target.CopyFrom(value);
    }
}
