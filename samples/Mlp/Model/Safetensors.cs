using System.Buffers.Binary;
using System.Text.Json;

namespace Mlp.Model;

/// <summary>
/// Reads and writes float32 tensors in the safetensors format (<see href="https://github.com/huggingface/safetensors"/>):
/// an 8-byte little-endian header length, a JSON header mapping each name to its <c>dtype</c>, <c>shape</c> and
/// <c>data_offsets</c> (relative to the end of the header), then the tensors' bytes, little-endian and back to back.
/// PyTorch reads the result with <c>safetensors.torch.load_file</c>.
/// </summary>
public static class Safetensors
{
    // The reference implementation refuses larger headers; so does this one, rather than allocating whatever a corrupt
    // length asks for.
    private const long MaxHeaderBytes = 100_000_000;

    /// <summary>Writes <paramref name="tensors"/> to <paramref name="path"/>, in the order given, with optional string metadata.</summary>
    public static void Save(string path, IReadOnlyList<NamedTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        using MemoryStream json = new();
        using (Utf8JsonWriter writer = new(json))
        {
            writer.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                writer.WriteStartObject("__metadata__");
                foreach ((string key, string value) in metadata) writer.WriteString(key, value);
                writer.WriteEndObject();
            }

            long offset = 0;
            foreach (NamedTensor tensor in tensors)
            {
                long bytes = (long)tensor.Values.Length * sizeof(float);
                writer.WriteStartObject(tensor.Name);
                writer.WriteString("dtype", "F32");
                writer.WriteStartArray("shape");
                foreach (int size in tensor.Shape) writer.WriteNumberValue(size);
                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(offset);
                writer.WriteNumberValue(offset + bytes);
                writer.WriteEndArray();
                writer.WriteEndObject();
                offset += bytes;
            }

            writer.WriteEndObject();
        }

        // The format allows trailing spaces in the header; padding to 8 bytes keeps the tensors aligned for readers that
        // map the file.
        int padding = (int)(-json.Length & 7);
        using FileStream file = File.Create(path);
        Span<byte> word = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(word, (ulong)(json.Length + padding));
        file.Write(word);
        json.WriteTo(file);
        for (int i = 0; i < padding; i++) file.WriteByte((byte)' ');
        foreach (NamedTensor tensor in tensors)
        {
            byte[] data = new byte[tensor.Values.Length * sizeof(float)];
            for (int i = 0; i < tensor.Values.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(i * sizeof(float)), tensor.Values[i]);
            }

            file.Write(data);
        }
    }

    /// <summary>Reads every tensor of a safetensors file, in the order of their data; all must be F32.</summary>
    /// <exception cref="InvalidDataException">The file is not a valid safetensors file of F32 tensors; the message says why.</exception>
    public static IReadOnlyList<NamedTensor> Load(string path)
    {
        byte[] file = File.ReadAllBytes(path);
        if (file.Length < 8) throw Invalid(path, "it is shorter than the 8-byte header length");
        ulong headerBytes = BinaryPrimitives.ReadUInt64LittleEndian(file);
        if (headerBytes > MaxHeaderBytes || (long)headerBytes > file.Length - 8)
        {
            throw Invalid(path, $"its header length is {headerBytes:N0} bytes but the file has {file.Length - 8:N0} after it");
        }

        ReadOnlyMemory<byte> data = file.AsMemory(8 + (int)headerBytes);
        List<(long Begin, NamedTensor Tensor)> tensors = [];
        try
        {
            using JsonDocument header = JsonDocument.Parse(file.AsMemory(8, (int)headerBytes));
            foreach (JsonProperty entry in header.RootElement.EnumerateObject())
            {
                if (entry.Name == "__metadata__") continue;
                tensors.Add(ReadTensor(path, entry, data.Span));
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            throw Invalid(path, $"its JSON header is malformed ({e.Message})");
        }

        return [.. tensors.OrderBy(t => t.Begin).Select(t => t.Tensor)];
    }

    private static (long Begin, NamedTensor Tensor) ReadTensor(string path, JsonProperty entry, ReadOnlySpan<byte> data)
    {
        string dtype = entry.Value.GetProperty("dtype").GetString() ?? "";
        if (dtype != "F32") throw Invalid(path, $"tensor '{entry.Name}' has dtype {dtype}; only F32 is supported");
        int[] shape = [.. entry.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32())];
        long[] offsets = [.. entry.Value.GetProperty("data_offsets").EnumerateArray().Select(d => d.GetInt64())];
        long count = shape.Aggregate(1L, (a, b) => a * b);
        if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] > data.Length || offsets[1] - offsets[0] != count * sizeof(float))
        {
            throw Invalid(path,
                $"tensor '{entry.Name}' of shape [{string.Join(", ", shape)}] has data_offsets [{string.Join(", ", offsets)}], " +
                $"which do not span {count * sizeof(float):N0} bytes inside the {data.Length:N0} bytes of data");
        }

        float[] values = new float[count];
        ReadOnlySpan<byte> bytes = data[(int)offsets[0]..(int)offsets[1]];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * sizeof(float))..]);
        }

        return (offsets[0], new NamedTensor(entry.Name, shape, values));
    }

    private static InvalidDataException Invalid(string path, string problem) =>
        new($"{path} is not a valid safetensors file: {problem}.");
}
