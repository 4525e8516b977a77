using System.Text.RegularExpressions;

namespace Pv3d.Tests.Architecture;

/// <summary>
/// The folders of <c>src/Pv3d</c> import each other only downwards: no namespace cycle, and every import follows the
/// layer order written in <c>docs/notes/README.md</c> (the one place that order lives).
/// </summary>
public class NamespaceCycleTests
{
    private static readonly Lazy<SourceDependencies> Source = new(() =>
        SourceDependencies.Read(Path.Combine(SourceDependencies.RepositoryRoot(), "src", "Pv3d")));

    [Fact]
    public void SrcPv3dHasNoNamespaceCycle()
    {
        var cycles = Source.Value.Cycles();
        Assert.True(cycles.Count == 0,
            "namespace cycles in src/Pv3d: " + string.Join(" | ", cycles.Select(c => Source.Value.Describe(c))));
    }

    [Fact]
    public void EveryImportPointsDownTheDocumentedLayers()
    {
        var order = DocumentedLayerOrder();
        var deps = Source.Value;
        var undocumented = deps.Folders.Where(f => !order.Contains(f)).Order().ToList();
        Assert.True(undocumented.Count == 0,
            $"src/Pv3d folders missing from the layer order in docs/notes/README.md: {string.Join(", ", undocumented)}");
        var upward = deps.Folders.SelectMany(from => deps.Targets(from)
                .Where(to => order.IndexOf(to) > order.IndexOf(from))
                .Select(to => $"{from} -> {to} ({string.Join(", ", deps.Edges[from][to])})"))
            .ToList();
        Assert.True(upward.Count == 0, "imports that point up the layer order of docs/notes/README.md: " + string.Join("; ", upward));
    }

    [Fact]
    public void TheCheckFindsCyclesThroughUsingsAndQualifiedNames()
    {
        // Checkpoints -> Training by a using directive, Training -> Checkpoints by a partly qualified name.
        var cyclic = SourceDependencies.FromSources(
        [
            ("Checkpoints/Loader.cs", "using Pv3d.Training;\nnamespace Pv3d.Checkpoints;\npublic static class Loader { }"),
            ("Training/Trainer.cs", "namespace Pv3d.Training;\npublic class Trainer { object x = Checkpoints.Loader.X; }"),
            ("Config/Tree.cs", "namespace Pv3d.Config;\npublic class Tree { Pv3d.Networks.Net n; }"),
            ("Networks/Net.cs", "namespace Pv3d.Networks;\npublic class Net { }"),
        ]);
        var cycle = Assert.Single(cyclic.Cycles());
        Assert.Equal(["Checkpoints", "Training"], cycle);
        Assert.Equal(["Networks"], cyclic.Targets("Config"));
        Assert.Contains("Training/Trainer.cs", cyclic.Describe(cycle));

        // A property that happens to be spelt like a folder is not an import; a sub-namespace is.
        var acyclic = SourceDependencies.FromSources(
        [
            ("Rendering/Cameras/Camera.cs", "namespace Pv3d.Rendering.Cameras;\npublic class Camera { }"),
            ("Data/Clip.cs", "namespace Pv3d.Data;\npublic class Clip { object Rendering => null; object y = Rendering.ToString(); object z = Rendering.Cameras.Camera.X; }"),
        ]);
        Assert.Empty(acyclic.Cycles());
        Assert.Equal(["Rendering"], acyclic.Targets("Data"));
    }

    /// <summary>The backticked folder names of the README line that starts with "Import order".</summary>
    private static List<string> DocumentedLayerOrder()
    {
        var readme = Path.Combine(SourceDependencies.RepositoryRoot(), "docs", "notes", "README.md");
        var line = File.ReadAllLines(readme).FirstOrDefault(l => l.StartsWith("Import order", StringComparison.Ordinal))
                   ?? throw new InvalidOperationException($"{readme} has no line starting with 'Import order'");
        return Regex.Matches(line, "`([A-Za-z]+)/?`").Select(m => m.Groups[1].Value).ToList();
    }
}
