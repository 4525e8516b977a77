using System.Numerics;
using Pv3d.Torch.IO.Pickle;

namespace Pv3d.Tests.IO;

public class UnpicklerTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void ReadsTheSameValueWithEveryProtocol(int protocol)
    {
        var root = Assert.IsType<Dictionary<object, object?>>(Unpickler.LoadFile(IoFixtures.Path($"plain_p{protocol}.pkl")));
        var ints = Assert.IsType<List<object?>>(root["ints"]);
        Assert.Equal(new object?[] { 0L, 1L, -1L, 255L, 256L, 65535L, 65536L, -(1L << 31), 1L << 31 }, ints.Take(9));
        Assert.Equal(BigInteger.Pow(2, 63), ints[9]);
        Assert.Equal(-BigInteger.Pow(2, 100), ints[10]);
        Assert.Equal(new List<object?> { 0.5, -1e300, double.PositiveInfinity }, root["floats"]);
        Assert.Equal("caf\u00e9", root["text"]);
        Assert.Equal(new byte[] { 0, 255 }, root["bytes"]);
        Assert.Equal(new object?[] { null, true, false }, root["tuple"]);
        var empty = Assert.IsType<object?[]>(root["empty"]);
        Assert.Empty(Assert.IsType<object?[]>(empty[0]));
        Assert.Empty(Assert.IsType<List<object?>>(empty[1]));
        Assert.Empty(Assert.IsType<Dictionary<object, object?>>(empty[2]));
        var od = Assert.IsType<PyOrderedDict>(root["od"]);
        Assert.Equal(new object[] { "b", "a" }, od.Keys.ToArray());
        Assert.Equal(2L, od["a"]);
        Assert.Equal(new HashSet<object?> { 3L }, root["set"]);
        var shared = Assert.IsType<object?[]>(root["shared"]);
        Assert.Same(shared[0], shared[1]);
        Assert.Equal(new List<object?> { 1L, 2L }, shared[0]);
    }

    [Fact]
    public void UnknownOpcodeIsAnErrorNamingTheSource()
    {
        var e = Assert.Throws<Pv3dException>(() => new Unpickler(new byte[] { 0x80, 0x02, 0xff }, "bad.pkl").Load());
        Assert.Contains("bad.pkl", e.Message);
        Assert.Contains("0xff", e.Message);
    }

    [Fact]
    public void HugeDeclaredLengthFailsWithoutAllocating()
    {
        // BINUNICODE8 declaring 2^62 bytes, then nothing.
        var data = new byte[] { 0x80, 0x04, 0x8d, 0, 0, 0, 0, 0, 0, 0, 0x40 };
        var e = Assert.Throws<Pv3dException>(() => new Unpickler(data, "huge.pkl").Load());
        Assert.Contains("huge.pkl", e.Message);
        Assert.Contains("remain", e.Message);
    }

    [Fact]
    public void TruncatedPickleIsAnError()
    {
        var full = File.ReadAllBytes(IoFixtures.Path("plain_p2.pkl"));
        for (var cut = 1; cut < full.Length; cut += 17)
        {
            var e = Assert.Throws<Pv3dException>(() => new Unpickler(full[..cut], "cut.pkl").Load());
            Assert.StartsWith("cut.pkl:", e.Message);
        }
    }

    [Fact]
    public void PersistentIdWithoutLoaderIsAnError()
    {
        // PROTO 2, SHORT_BINUNICODE 'x', BINPERSID, STOP
        var data = new byte[] { 0x80, 0x02, 0x8c, 1, (byte)'x', (byte)'Q', (byte)'.' };
        var e = Assert.Throws<Pv3dException>(() => new Unpickler(data, "p.pkl").Load());
        Assert.Contains("persistent id", e.Message);
    }
}
