using System.Text.RegularExpressions;

namespace Pv3d.Tests.Architecture;

/// <summary>
/// Which top-level folders (namespaces <c>Pv3d.X</c>, sub-namespaces included) of <c>src/Pv3d</c> import which,
/// read from the source: <c>using</c> directives of every form, fully qualified names (<c>Pv3d.X.Type</c>, also
/// in doc-comment crefs; other comment text is prose, not an import) and partly qualified ones (<c>X.Type</c> or <c>X.Sub</c> resolved through the enclosing
/// <c>Pv3d</c> namespace, where <c>Type</c>/<c>Sub</c> is declared in folder X). <c>Pv3d.Torch</c> is the layer below
/// and not a folder of <c>src/Pv3d</c>.
/// </summary>
public sealed partial class SourceDependencies
{
    /// <summary>Folder → folder → the files that make that edge (relative to src/Pv3d).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>> Edges { get; }

    /// <summary>Every folder that declares a namespace.</summary>
    public IReadOnlyCollection<string> Folders { get; }

    private SourceDependencies(Dictionary<string, Dictionary<string, List<string>>> edges, HashSet<string> folders)
    {
        Edges = edges.ToDictionary(kv => kv.Key,
            kv => (IReadOnlyDictionary<string, IReadOnlyList<string>>)kv.Value.ToDictionary(e => e.Key, e => (IReadOnlyList<string>)e.Value));
        Folders = folders;
    }

    /// <summary>The repository root (the folder holding src/Pv3d/Pv3d.csproj) above the test binaries.</summary>
    public static string RepositoryRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "src", "Pv3d", "Pv3d.csproj"))) return d.FullName;
        throw new DirectoryNotFoundException("src/Pv3d/Pv3d.csproj not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Reads every .cs file under <paramref name="sourceRoot"/> (bin/ and obj/ skipped).</summary>
    public static SourceDependencies Read(string sourceRoot)
    {
        var files = Directory.EnumerateFiles(sourceRoot, "*.cs", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(sourceRoot, f).Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj"))
            .Select(f => (Path: Path.GetRelativePath(sourceRoot, f), Text: File.ReadAllText(f)))
            .ToList();
        return FromSources(files);
    }

    /// <summary>The graph of the given (path, text) sources; public so that the cycle finder can be tested on made-up code.</summary>
    public static SourceDependencies FromSources(IReadOnlyList<(string Path, string Text)> files)
    {
        // What each folder declares: its type names and its sub-namespaces' first components.
        var parsed = files.Select(f => (f.Path, Text: WithoutProse(f.Text), Folder: FolderOf(f.Text))).ToList();
        var declared = new Dictionary<string, HashSet<string>>();
        foreach (var (_, text, folder) in parsed)
        {
            if (folder is null) continue;
            var names = declared.TryGetValue(folder, out var set) ? set : declared[folder] = new HashSet<string>();
            foreach (Match m in TypeDeclaration().Matches(text)) names.Add(m.Groups[1].Value);
            var ns = NamespaceDeclaration().Match(text).Groups[1].Value.Split('.');
            if (ns.Length > 2) names.Add(ns[2]);
        }

        var edges = new Dictionary<string, Dictionary<string, List<string>>>();
        foreach (var (path, text, folder) in parsed)
        {
            if (folder is null) continue;
            var targets = new HashSet<string>();
            foreach (Match m in QualifiedName().Matches(text)) targets.Add(m.Groups[1].Value);
            foreach (var (other, names) in declared)
            {
                if (other == folder) continue;
                foreach (Match m in PartlyQualified(other).Matches(text))
                    if (names.Contains(m.Groups[1].Value)) targets.Add(other);
            }
            targets.Remove(folder);
            targets.Remove("Torch");
            foreach (var target in targets)
            {
                var byTarget = edges.TryGetValue(folder, out var e) ? e : edges[folder] = new Dictionary<string, List<string>>();
                (byTarget.TryGetValue(target, out var list) ? list : byTarget[target] = new List<string>()).Add(path);
            }
        }
        return new SourceDependencies(edges, declared.Keys.ToHashSet());
    }

    /// <summary>
    /// The folders that take part in a cycle, one list per strongly connected component (Tarjan), each with the
    /// edges inside it; empty when the graph is acyclic.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var result = new List<IReadOnlyList<string>>();
        var counter = 0;

        void Visit(string v)
        {
            index[v] = low[v] = counter++;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in Targets(v))
            {
                if (!index.ContainsKey(w))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack.Contains(w)) low[v] = Math.Min(low[v], index[w]);
            }
            if (low[v] != index[v]) return;
            var component = new List<string>();
            string x;
            do
            {
                x = stack.Pop();
                onStack.Remove(x);
                component.Add(x);
            } while (x != v);
            if (component.Count > 1) result.Add(component.Order().ToList());
        }

        foreach (var v in Edges.Keys.Concat(Edges.Values.SelectMany(e => e.Keys)).Distinct().Order())
            if (!index.ContainsKey(v)) Visit(v);
        return result;
    }

    /// <summary>The folders <paramref name="folder"/> imports.</summary>
    public IEnumerable<string> Targets(string folder) =>
        Edges.TryGetValue(folder, out var e) ? e.Keys.Order() : Enumerable.Empty<string>();

    /// <summary>"A -> B (File.cs, ...)" for every edge between members of <paramref name="folders"/>.</summary>
    public string Describe(IReadOnlyCollection<string> folders) => string.Join("; ",
        folders.SelectMany(a => Targets(a).Where(folders.Contains).Select(b => $"{a} -> {b} ({string.Join(", ", Edges[a][b])})")));

    /// <summary>The text with every comment replaced by its <c>cref</c> targets (the only part the compiler checks).</summary>
    private static string WithoutProse(string text) =>
        Comment().Replace(text, m => string.Join(" ", CrefTarget().Matches(m.Value).Select(c => c.Groups[1].Value)));

    private static string? FolderOf(string text)
    {
        var m = NamespaceDeclaration().Match(text);
        if (!m.Success) return null;
        var parts = m.Groups[1].Value.Split('.');
        return parts.Length >= 2 && parts[0] == "Pv3d" ? parts[1] : null;
    }

    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex Comment();

    [GeneratedRegex("cref=\"([^\"]*)\"")]
    private static partial Regex CrefTarget();

    [GeneratedRegex(@"^\s*namespace\s+([A-Za-z0-9_.]+)", RegexOptions.Multiline)]
    private static partial Regex NamespaceDeclaration();

    [GeneratedRegex(@"\b(?:class|record|struct|interface|enum|delegate\s+\S+)\s+([A-Z][A-Za-z0-9_]*)")]
    private static partial Regex TypeDeclaration();

    /// <summary><c>Pv3d.X</c> anywhere (using directives, aliases, fully qualified names, crefs).</summary>
    [GeneratedRegex(@"(?<![A-Za-z0-9_.])Pv3d\.([A-Z][A-Za-z0-9_]*)")]
    private static partial Regex QualifiedName();

    private static Regex PartlyQualified(string folder) =>
        new($@"(?<![A-Za-z0-9_.]){Regex.Escape(folder)}\.([A-Z][A-Za-z0-9_]*)");
}
