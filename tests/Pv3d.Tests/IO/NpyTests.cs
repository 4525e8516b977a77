using Pv3d.Torch;
using Pv3d.Torch.IO;

namespace Pv3d.Tests.IO;

public class NpyTests
{
    private static readonly Dictionary<string, DType> NumpyDTypes = new()
    {
        ["<f4"] = DType.Float32, [">f4"] = DType.Float32, ["<f8"] = DType.Float64, ["<i8"] = DType.Int64,
        ["<i4"] = DType.Int32, ["|u1"] = DType.UInt8, ["|b1"] = DType.Bool,
    };

    [Theory]
    [InlineData("f4_c")]
    [InlineData("f8_fortran")]
    [InlineData("i8")]
    [InlineData("i4")]
    [InlineData("u1")]
    [InlineData("b1")]
    [InlineData("f4_be")]
    [InlineData("scalar")]
    public void ReadsArraysWrittenByNumpy(string name)
    {
        using var scope = TensorScope.Enter();
        var expected = IoFixtures.ExpectedFile($"{name}.npy");
        var t = Npy.Load(IoFixtures.Path($"{name}.npy"));
        Assert.Equal(NumpyDTypes[expected.GetProperty("dtype").GetString()!], t.DType);
        Assert.Equal(expected.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray(), t.Shape);
        IoFixtures.AssertValues(expected.GetProperty("values"), t);
    }

    [Theory]
    [InlineData("f4_v2.npy")]
    [InlineData("f4_v3.npy")]
    public void ReadsFormatVersions2And3(string file)
    {
        using var scope = TensorScope.Enter();
        var t = Npy.Load(IoFixtures.Path(file));
        IoFixtures.AssertValues(IoFixtures.ExpectedFile("f4_c.npy").GetProperty("values"), t);
        Assert.Equal(new long[] { 3, 4 }, t.Shape);
    }

    [Fact]
    public void WritesFilesThatReadBackBitForBitAndMatchNumpysLayout()
    {
        using var scope = TensorScope.Enter();
        using var dir = new IoFixtures.TempDir();
        var original = Npy.Load(IoFixtures.Path("f4_c.npy"));
        Npy.Save(dir.File("out.npy"), original);
        // numpy's own file for the same array has the same 128-byte layout: header padded to 64 bytes.
        Assert.Equal(File.ReadAllBytes(IoFixtures.Path("f4_c.npy")), File.ReadAllBytes(dir.File("out.npy")));
        foreach (var name in new[] { "i8", "b1", "u1", "scalar", "f8_fortran" })
        {
            var t = Npy.Load(IoFixtures.Path($"{name}.npy"));
            Npy.Save(dir.File($"{name}.npy"), t);
            var back = Npy.Load(dir.File($"{name}.npy"));
            Assert.Equal(t.Shape, back.Shape);
            Assert.Equal(t.DType, back.DType);
            IoFixtures.AssertValues(IoFixtures.ExpectedFile($"{name}.npy").GetProperty("values"), back);
        }
    }

    [Fact]
    public void BadFilesFailWithTheirName()
    {
        using var dir = new IoFixtures.TempDir();
        var good = File.ReadAllBytes(IoFixtures.Path("f4_c.npy"));

        void Fails(string name, byte[] bytes, string expected)
        {
            var path = dir.File(name);
            File.WriteAllBytes(path, bytes);
            var e = Assert.Throws<Pv3dException>(() => Npy.Load(path));
            Assert.Contains(path, e.Message);
            Assert.Contains(expected, e.Message);
        }

        var badMagic = good.ToArray();
        badMagic[1] = (byte)'X';
        Fails("magic.npy", badMagic, "magic");
        Fails("truncated.npy", good[..(good.Length - 4)], "truncated");
        Fails("short.npy", good[..5], "magic");
        var badShape = good.ToArray();
        var at = System.Text.Encoding.Latin1.GetString(good).IndexOf("(3, 4)", StringComparison.Ordinal);
        "(3,-4)"u8.CopyTo(badShape.AsSpan(at));
        Fails("shape.npy", badShape, "shape");
        var badDtype = good.ToArray();
        "<c8"u8.CopyTo(badDtype.AsSpan(System.Text.Encoding.Latin1.GetString(good).IndexOf("<f4", StringComparison.Ordinal)));
        Fails("dtype.npy", badDtype, "'<c8' is not supported");
        var badHeader = good.ToArray();
        badHeader[10] = (byte)'@';
        Fails("header.npy", badHeader, "header");
        var hugeHeader = good.ToArray();
        hugeHeader[6] = 2;
        hugeHeader[11] = 0x7f; // v2 length field now declares ~2 GB
        Fails("huge.npy", hugeHeader, "beyond the file");
    }
}

public class NpzTests
{
    [Theory]
    [InlineData("stored.npz")]
    [InlineData("deflated.npz")]
    public void ReadsArchivesWrittenByNumpy(string file)
    {
        using var scope = TensorScope.Enter();
        var arrays = Npz.Load(IoFixtures.Path(file));
        IoFixtures.AssertValues(IoFixtures.ExpectedFile("f4_c.npy").GetProperty("values"), arrays["a"]);
        if (file == "stored.npz") IoFixtures.AssertValues(IoFixtures.ExpectedFile("i8.npy").GetProperty("values"), arrays["b"]);
        else IoFixtures.AssertValues(IoFixtures.ExpectedFile("b1.npy").GetProperty("values"), arrays["mask"]);
        Assert.Equal(2, arrays.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RoundTrips(bool compress)
    {
        using var scope = TensorScope.Enter();
        using var dir = new IoFixtures.TempDir();
        var arrays = new Dictionary<string, Tensor>
        {
            ["x"] = Tensor.FromArray(new double[] { 1.5, -2, 3e-300 }),
            ["ids"] = Tensor.FromArray(new int[] { 1, 2, 3, 4 }, 2, 2),
        };
        Npz.Save(dir.File("a.npz"), arrays, compress);
        var back = Npz.Load(dir.File("a.npz"));
        Assert.Equal(new double[] { 1.5, -2, 3e-300 }, back["x"].ToArray<double>());
        Assert.Equal(new int[] { 1, 2, 3, 4 }, back["ids"].ToArray<int>());
        Assert.Equal(new long[] { 2, 2 }, back["ids"].Shape);
    }

    [Fact]
    public void CorruptArchiveFailsWithItsName()
    {
        using var dir = new IoFixtures.TempDir();
        var bytes = File.ReadAllBytes(IoFixtures.Path("deflated.npz"));
        var path = dir.File("cut.npz");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<Pv3dException>(() => Npz.Load(path));
        Assert.Contains(path, e.Message);
    }
}
