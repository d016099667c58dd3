using System.Buffers.Binary;
using System.IO.Compression;

namespace Mlp.Data;

/// <summary>An array of unsigned bytes read from an IDX file: its dimensions, outermost first, and its elements.</summary>
/// <param name="Dimensions">The size of each dimension, outermost first (for images: count, rows, columns).</param>
/// <param name="Data">The elements, row-major.</param>
public sealed record IdxArray(int[] Dimensions, byte[] Data);

/// <summary>
/// Reads the IDX format of MNIST and Fashion-MNIST (<see href="http://yann.lecun.com/exdb/mnist/"/>), gzipped or not:
/// a magic number <c>00 00 08 n</c> (unsigned bytes, <c>n</c> dimensions), <c>n</c> big-endian 32-bit sizes, then the
/// elements row-major.
/// </summary>
public static class IdxFile
{
    private const byte UnsignedByteType = 0x08;

    /// <summary>Reads an IDX file of unsigned bytes with <paramref name="dimensions"/> dimensions.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="IdxFormatException">The file is not such an IDX file, or is truncated.</exception>
    public static IdxArray Read(string path, int dimensions) => Open(path, stream =>
    {
        int[] sizes = ReadHeader(stream, path, dimensions);
        return new IdxArray(sizes, ReadData(stream, path, sizes));
    });

    /// <summary>
    /// Reads only the header of an IDX file of unsigned bytes with <paramref name="dimensions"/> dimensions: the size of
    /// each dimension, outermost first. It checks the file's shape before the work of reading it.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="IdxFormatException">The file does not start with such a header.</exception>
    public static int[] ReadDimensions(string path, int dimensions) => Open(path, stream => ReadHeader(stream, path, dimensions));

    private static T Open<T>(string path, Func<Stream, T> read)
    {
        using FileStream file = File.OpenRead(path);
        int first = file.ReadByte(), second = file.ReadByte();
        bool gzipped = first == 0x1f && second == 0x8b;
        file.Position = 0;
        using Stream stream = gzipped ? new GZipStream(file, CompressionMode.Decompress) : file;
        try
        {
            return read(stream);
        }
        catch (InvalidDataException e)
        {
            throw new IdxFormatException(path, $"its gzip data is corrupt ({e.Message})");
        }
    }

    private static int[] ReadHeader(Stream stream, string path, int dimensions)
    {
        Span<byte> magic = stackalloc byte[4];
        if (stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false) < 4)
        {
            throw new IdxFormatException(path, "it is shorter than the 4-byte IDX magic number");
        }

        uint expected = UnsignedByteType << 8 | (uint)dimensions;
        uint actual = BinaryPrimitives.ReadUInt32BigEndian(magic);
        if (actual != expected)
        {
            throw new IdxFormatException(path,
                $"its magic number is 0x{actual:X8}, not 0x{expected:X8} (unsigned bytes in {dimensions} dimensions)");
        }

        int[] sizes = new int[dimensions];
        Span<byte> size = stackalloc byte[4];
        long count = 1;
        for (int d = 0; d < dimensions; d++)
        {
            if (stream.ReadAtLeast(size, 4, throwOnEndOfStream: false) < 4)
            {
                throw new IdxFormatException(path, $"it is truncated inside its header (the size of dimension {d + 1})");
            }

            sizes[d] = BinaryPrimitives.ReadInt32BigEndian(size);
            if (sizes[d] <= 0)
            {
                throw new IdxFormatException(path, $"dimension {d + 1} has size {sizes[d]}");
            }

            count *= sizes[d];
        }

        if (count > Array.MaxLength)
        {
            throw new IdxFormatException(path, $"its header declares {count:N0} elements, more than an array can hold");
        }

        return sizes;
    }

    private static byte[] ReadData(Stream stream, string path, int[] sizes)
    {
        long count = sizes.Aggregate(1L, (product, size) => product * size); // at most Array.MaxLength: ReadHeader checks
        byte[] data = new byte[count];
        int read = stream.ReadAtLeast(data, data.Length, throwOnEndOfStream: false);
        if (read < data.Length)
        {
            throw new IdxFormatException(path,
                $"it is truncated: its header declares {string.Join(" x ", sizes)} = {count:N0} bytes of data but only {read:N0} follow");
        }

        if (stream.ReadByte() >= 0)
        {
            throw new IdxFormatException(path, $"it has bytes after the {count:N0} its header declares");
        }

        return data;
    }
}

/// <summary>A file that should hold IDX data does not.</summary>
public sealed class IdxFormatException(string path, string problem)
    : Exception($"{path} is not a valid IDX file: {problem}.")
{
    /// <summary>The file that was being read.</summary>
    public string FilePath { get; } = path;
}
