using System.Buffers.Binary;
using System.IO.Compression;

namespace Mlp.Tests;

/// <summary>Writes small IDX files for the loader tests, independently of the code under test.</summary>
internal static class IdxWriter
{
    /// <summary>The bytes of an IDX file of unsigned bytes: magic <c>00 00 08 n</c>, big-endian sizes, data.</summary>
    public static byte[] Encode(int[] dimensions, byte[] data)
    {
        byte[] file = new byte[4 + 4 * dimensions.Length + data.Length];
        file[2] = 0x08;
        file[3] = (byte)dimensions.Length;
        for (int d = 0; d < dimensions.Length; d++)
        {
            BinaryPrimitives.WriteInt32BigEndian(file.AsSpan(4 + 4 * d), dimensions[d]);
        }

        data.CopyTo(file, 4 + 4 * dimensions.Length);
        return file;
    }

    public static byte[] Gzip(byte[] bytes)
    {
        using MemoryStream output = new();
        using (GZipStream gzip = new(output, CompressionLevel.Fastest))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }

    /// <summary>
    /// Writes the four files of a dataset with <paramref name="train"/> and <paramref name="test"/> random images of
    /// <paramref name="height"/> x <paramref name="width"/>, gzipped or not.
    /// </summary>
    public static void WriteDataset(string directory, int train, int test, int height, int width, bool gzip, int seed = 7)
    {
        Directory.CreateDirectory(directory);
        Random random = new(seed);
        foreach ((string prefix, int count) in new[] { ("train", train), ("t10k", test) })
        {
            byte[] images = new byte[count * height * width];
            random.NextBytes(images);
            byte[] labels = new byte[count];
            for (int i = 0; i < count; i++) labels[i] = (byte)random.Next(10);
            Write(Path.Combine(directory, $"{prefix}-images-idx3-ubyte"), Encode([count, height, width], images), gzip);
            Write(Path.Combine(directory, $"{prefix}-labels-idx1-ubyte"), Encode([count], labels), gzip);
        }
    }

    private static void Write(string path, byte[] bytes, bool gzip)
    {
        if (gzip)
        {
            File.WriteAllBytes(path + ".gz", Gzip(bytes));
        }
        else
        {
            File.WriteAllBytes(path, bytes);
        }
    }
}

/// <summary>A directory under the system's temporary folder, deleted with the test.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mlp-tests-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
