using System.Text.Json;
using Pv3d.Applications.Generation;

namespace Pv3d.Tests.Applications.Generation;

[Collection(GlobalRandomCollection.Name)]
public class SeedTests
{
    [Theory]
    [InlineData("0-3", new long[] { 0, 1, 2, 3 })]
    [InlineData("0,5,7", new long[] { 0, 5, 7 })]
    [InlineData(" 2 - 4 , 9", new long[] { 2, 3, 4, 9 })]
    [InlineData("42", new long[] { 42 })]
    public void SeedListsParse(string text, long[] expected) => Assert.Equal(expected, SeedList.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("3-1")]
    [InlineData("-1")]
    [InlineData("1,,2")]
    [InlineData("0-999999999")]
    [InlineData("1.5")]
    public void BadSeedListsAreUserErrors(string text)
    {
        var e = Assert.Throws<Pv3dException>(() => SeedList.Parse(text));
        Assert.StartsWith(SeedList.Setting + " ", e.Message);
        Assert.Equal([SeedList.Setting], e.Settings);
    }

    [Fact]
    public void LatentsMatchTheOfficialSeededDraws()
    {
        // Made by tests/fixtures/make_generation_fixtures.py with Debian's PyTorch.
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "generation", "seeded_latents.json")));
        Assert.Equal(SeededLatents.OfficialSeedOffset, doc.RootElement.GetProperty("offset").GetInt64());
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            var (z, zMotion) = SeededLatents.For(c.GetProperty("seed").GetInt64(), c.GetProperty("z_dim").GetInt32(), c.GetProperty("motion_dim").GetInt32());
            using (z)
            using (zMotion)
            {
                Check(z.ToArray<float>(), c.GetProperty("z_head"), c.GetProperty("z_sum").GetDouble());
                Check(zMotion.ToArray<float>(), c.GetProperty("z_motion_head"), c.GetProperty("z_motion_sum").GetDouble());
            }
        }
    }

    private static void Check(float[] values, JsonElement head, double sum)
    {
        var expected = head.EnumerateArray().Select(e => (float)e.GetDouble()).ToArray();
        Assert.Equal(expected, values.Take(expected.Length));
        Assert.Equal(sum, values.Sum(v => (double)v), 4);
    }
}
