using System.Text.Json;
using Pv3d.Torch;
using Pv3d.Torch.Modules;

namespace Pv3d.Tests.Modules;

public class StateDictNamesTests
{
    private static JsonElement Fixture()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "fixtures", "modules", "state_dict_names.json");
        return JsonDocument.Parse(File.ReadAllText(path)).RootElement;
    }

    private static string DTypeName(DType d) => d switch
    {
        DType.Float32 => "float32",
        DType.Int64 => "int64",
        _ => d.ToString(),
    };

    [Fact]
    public void StateDictMatchesPyTorchNamesOrderShapesAndDtypes()
    {
        using var net = new TestModules.Net();
        var expected = Fixture().GetProperty("state_dict").EnumerateArray()
            .Select(e => (e.GetProperty("name").GetString()!,
                string.Join(",", e.GetProperty("shape").EnumerateArray().Select(s => s.GetInt64())),
                e.GetProperty("dtype").GetString()!))
            .ToList();
        var actual = net.StateDict()
            .Select(kv => (kv.Key, string.Join(",", kv.Value.Shape), DTypeName(kv.Value.DType)))
            .ToList();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void NamedParametersAndBuffersMatchPyTorch()
    {
        using var net = new TestModules.Net();
        var fixture = Fixture();
        Assert.Equal(fixture.GetProperty("named_parameters").EnumerateArray().Select(e => e.GetString()!),
            net.NamedParameters().Select(p => p.Name));
        // named_buffers includes non-persistent buffers (blocks.N.scratch), unlike the state dict.
        Assert.Equal(fixture.GetProperty("named_buffers").EnumerateArray().Select(e => e.GetString()!),
            net.NamedBuffers().Select(b => b.Name));
        Assert.Contains("blocks.1.scratch", net.NamedBuffers().Select(b => b.Name));
        Assert.DoesNotContain("blocks.1.scratch", net.StateDict().Keys);
    }

    [Fact]
    public void ModulesAreWalkedPreOrderWithDottedNames()
    {
        using var net = new TestModules.Net();
        var names = net.NamedModules().Select(m => m.Name).ToList();
        Assert.Equal(new[]
        {
            "", "backbone", "backbone.0", "backbone.1", "backbone.2", "blocks", "blocks.0", "blocks.0.affine",
            "blocks.0.conv0", "blocks.1", "blocks.1.affine", "blocks.1.conv0", "head",
        }, names);
        Assert.Equal(new[] { "backbone", "blocks", "head" }, net.NamedChildren().Select(c => c.Name));
    }

    [Fact]
    public void ReplacingAMemberKeepsItsPlaceAndDisposesTheOldTensor()
    {
        using var lin = new Linear(3, 2);
        var old = lin.Weight;
        lin.RegisterParameter("weight", TestModules.Zeros(2, 3));
        Assert.True(old.IsDisposed);
        Assert.Equal(new[] { "weight", "bias" }, lin.StateDict().Keys);
        Assert.True(lin.Weight.RequiresGrad);
    }

    [Fact]
    public void NullParameterSlotIsSkippedAndNamesAreValidated()
    {
        using var lin = new Linear(3, 2, bias: false);
        Assert.Equal(new[] { "weight" }, lin.StateDict().Keys);
        Assert.Null(lin.Bias);
        Assert.Throws<ArgumentException>(() => lin.RegisterBuffer("weight", TestModules.Zeros(1)));
        Assert.Throws<ArgumentException>(() => lin.RegisterParameter("a.b", null));
        Assert.Throws<KeyNotFoundException>(() => lin.GetParameter("nope"));
    }

    [Fact]
    public void SharedParametersAreListedOnceButStateDictNamesEveryPath()
    {
        using var root = new TestModules.NoParams();
        var shared = new Linear(2, 2);
        root.RegisterModule("a", shared);
        root.RegisterModule("b", shared);
        Assert.Equal(2, root.Parameters().Count());
        Assert.Equal(new[] { "a.weight", "a.bias", "b.weight", "b.bias" }, root.StateDict().Keys);
    }
}
