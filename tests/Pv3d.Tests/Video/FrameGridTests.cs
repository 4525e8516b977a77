using Pv3d.Video;

namespace Pv3d.Tests.Video;

public class FrameGridTests
{
    [Fact]
    public void CellsLandInRowMajorOrderWithPadding()
    {
        // 2 x 3 cells of 2 frames, 4x5 pixels; cell k is filled with value 10k + frame.
        var cells = Enumerable.Range(0, 6).Select(k =>
        {
            var f = new RgbFrames(2, 4, 5);
            for (var t = 0; t < 2; t++) f.Frame(t).Fill((byte)(10 * k + t));
            return f;
        }).ToArray();
        var grid = FrameGrid.Compose(cells, rows: 2, columns: 3, padding: 2, padValue: 200);
        Assert.Equal((2, 2 * 4 + 3 * 2, 3 * 5 + 4 * 2), (grid.Count, grid.Height, grid.Width));
        for (var t = 0; t < 2; t++)
        for (var r = 0; r < 2; r++)
        for (var c = 0; c < 3; c++)
        {
            var top = 2 + r * 6;
            var left = 2 + c * 7;
            Assert.Equal(10 * (3 * r + c) + t, grid.Pixel(t, top, left).R);
            Assert.Equal(10 * (3 * r + c) + t, grid.Pixel(t, top + 3, left + 4).B);
            Assert.Equal(200, grid.Pixel(t, top - 1, left).G);
            Assert.Equal(200, grid.Pixel(t, top, left + 5).G);
        }
    }

    [Fact]
    public void MismatchedCellsAreRejected()
    {
        var a = new RgbFrames(1, 4, 4);
        var b = new RgbFrames(1, 4, 5);
        Assert.Throws<ArgumentException>(() => FrameGrid.Compose(new[] { a, b }, 1, 2));
        Assert.Throws<ArgumentException>(() => FrameGrid.Compose(new[] { a }, 1, 2));
    }

    [Theory]
    [InlineData(16, 8, new[] { 0, 2, 4, 6, 9, 11, 13, 15 })]
    [InlineData(3, 8, new[] { 0, 1, 2 })]
    [InlineData(5, 1, new[] { 0 })]
    [InlineData(5, 2, new[] { 0, 4 })]
    public void EvenlySpacedIncludesBothEnds(int total, int count, int[] expected) =>
        Assert.Equal(expected, FrameGrid.EvenlySpaced(total, count));
}
