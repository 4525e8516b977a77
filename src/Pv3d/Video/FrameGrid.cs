namespace Pv3d.Video;

/// <summary>Lays out equally sized frame sequences as a grid (cells in row-major order).</summary>
public static class FrameGrid
{
    /// <summary>
    /// Frame t of the result shows frame t of every cell; cells are separated from each other and from the
    /// border by <paramref name="padding"/> pixels of gray level <paramref name="padValue"/>.
    /// </summary>
    public static RgbFrames Compose(IReadOnlyList<RgbFrames> cells, int rows, int columns, int padding = 0, byte padValue = 255)
    {
        if (rows < 1 || columns < 1) throw new ArgumentOutOfRangeException(nameof(rows), $"a grid needs at least one row and column, got {rows} x {columns}");
        if (cells.Count != rows * columns)
            throw new ArgumentException($"a {rows} x {columns} grid needs {rows * columns} cells, got {cells.Count}", nameof(cells));
        if (padding < 0) throw new ArgumentOutOfRangeException(nameof(padding), padding, "padding cannot be negative");
        var first = cells[0];
        foreach (var cell in cells)
            if (cell.Count != first.Count || cell.Height != first.Height || cell.Width != first.Width)
                throw new ArgumentException(
                    $"grid cells differ: {cell.Count} frames of {cell.Height}x{cell.Width} vs {first.Count} of {first.Height}x{first.Width}", nameof(cells));

        int h = first.Height, w = first.Width;
        var grid = new RgbFrames(first.Count, rows * h + (rows + 1) * padding, columns * w + (columns + 1) * padding);
        if (padding > 0) Array.Fill(grid.Data, padValue);
        var rowBytes = w * 3;
        for (var t = 0; t < grid.Count; t++)
        {
            var target = grid.Frame(t);
            for (var r = 0; r < rows; r++)
            for (var c = 0; c < columns; c++)
            {
                var source = cells[r * columns + c].Frame(t);
                var top = padding + r * (h + padding);
                var left = padding + c * (w + padding);
                for (var y = 0; y < h; y++)
                    source.Slice(y * rowBytes, rowBytes).CopyTo(target.Slice(((top + y) * grid.Width + left) * 3, rowBytes));
            }
        }
        return grid;
    }

    /// <summary><paramref name="count"/> frame indices spread evenly over 0 .. <paramref name="total"/> − 1 (first and last included).</summary>
    public static int[] EvenlySpaced(int total, int count)
    {
        if (total < 1) throw new ArgumentOutOfRangeException(nameof(total), total, "need at least one frame");
        count = Math.Clamp(count, 1, total);
        if (count == 1) return new[] { 0 };
        return Enumerable.Range(0, count).Select(i => (int)Math.Round(i * (total - 1) / (double)(count - 1))).ToArray();
    }
}
