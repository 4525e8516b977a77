using System.Text;

namespace Pv3d.Geometry;

/// <summary>
/// The density grid as an MRC2014 volume (mode 2, float32), the file EG3D's <c>gen_samples.py --shapes</c> writes for
/// UCSF ChimeraX. As EG3D does, the array written is the grid in (x, y, z) index order with the first (x) axis flipped,
/// stored C-order, so the file's fastest axis (MRC columns, nx) is our z and its slowest (sections, nz) our flipped x.
/// The 1024-byte header: sizes, mode 2, sampling = sizes, cell = sizes (voxel size 1, as the grid has no physical unit),
/// angles 90°, axis order 1 2 3, min/max/mean/rms of the data, space group 1 (a volume), "MAP ", little-endian stamp
/// 0x44 0x44, version 20141 (as mrcfile writes), no labels.
/// </summary>
public static class MrcWriter
{
    public const int HeaderBytes = 1024;

    public static void Write(string path, DensityGrid grid)
    {
        using var stream = File.Create(path);
        Write(stream, grid);
    }

    public static void Write(Stream stream, DensityGrid grid)
    {
        // File axes: columns (fastest) = z, rows = y, sections = flipped x.
        int columns = grid.NZ, rows = grid.NY, sections = grid.NX;
        var data = new float[grid.Values.Length];
        var n = 0;
        for (var s = 0; s < sections; s++)
            for (var r = 0; r < rows; r++)
                for (var c = 0; c < columns; c++)
                    data[n++] = grid[sections - 1 - s, r, c];

        double min = double.PositiveInfinity, max = double.NegativeInfinity, sum = 0;
        foreach (var x in data)
        {
            min = Math.Min(min, x);
            max = Math.Max(max, x);
            sum += x;
        }
        var mean = sum / data.Length;
        double squares = 0;
        foreach (var x in data) squares += (x - mean) * (x - mean);
        var rms = Math.Sqrt(squares / data.Length);

        var header = new byte[HeaderBytes];
        void Int(int offset, int value) => BitConverter.TryWriteBytes(header.AsSpan(offset, 4), value);
        void Float(int offset, double value) => BitConverter.TryWriteBytes(header.AsSpan(offset, 4), (float)value);
        Int(0, columns);
        Int(4, rows);
        Int(8, sections);
        Int(12, 2); // mode 2: 32-bit float
        Int(28, columns);
        Int(32, rows);
        Int(36, sections);
        Float(40, columns);
        Float(44, rows);
        Float(48, sections);
        Float(52, 90);
        Float(56, 90);
        Float(60, 90);
        Int(64, 1);
        Int(68, 2);
        Int(72, 3);
        Float(76, min);
        Float(80, max);
        Float(84, mean);
        Int(88, 1); // space group 1: a single volume
        Int(92, 0); // no extended header
        Int(108, 20141);
        Encoding.ASCII.GetBytes("MAP ").CopyTo(header, 208);
        header[212] = 0x44;
        header[213] = 0x44;
        Float(216, rms);
        Int(220, 0);
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("the MRC writer assumes a little-endian machine");
        stream.Write(header);
        var bytes = new byte[data.Length * 4];
        Buffer.BlockCopy(data, 0, bytes, 0, bytes.Length);
        stream.Write(bytes);
    }
}
