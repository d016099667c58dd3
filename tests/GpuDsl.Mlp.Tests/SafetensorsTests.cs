using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using GpuDsl;
using Mlp.Model;

namespace Mlp.Tests;

public sealed class SafetensorsTests
{
    private static readonly NamedTensor[] s_tensors =
    [
        new("fc1.weight", [2, 3], [1.5f, -2, 0, float.Epsilon, -0f, 3.25e-7f]),
        new("fc1.bias", [2], [0.125f, -7]),
        new("fc2.weight", [1, 2], [float.MaxValue, float.MinValue]),
        new("fc2.bias", [1], [42]),
    ];

    [Fact]
    public void Round_trip_keeps_names_shapes_order_and_every_bit_of_the_values()
    {
        using TempDirectory dir = new();
        Safetensors.Save(dir.File("m.safetensors"), s_tensors, new Dictionary<string, string> { ["format"] = "pt" });

        IReadOnlyList<NamedTensor> loaded = Safetensors.Load(dir.File("m.safetensors"));

        Assert.Equal(s_tensors.Select(t => t.Name), loaded.Select(t => t.Name));
        for (int i = 0; i < s_tensors.Length; i++)
        {
            Assert.Equal(s_tensors[i].Shape, loaded[i].Shape);
            Assert.Equal(s_tensors[i].Values.Select(BitConverter.SingleToInt32Bits), loaded[i].Values.Select(BitConverter.SingleToInt32Bits));
        }
    }

    [Fact]
    public void File_layout_is_the_safetensors_format_that_PyTorch_reads()
    {
        using TempDirectory dir = new();
        Safetensors.Save(dir.File("m.safetensors"), s_tensors, new Dictionary<string, string> { ["format"] = "pt" });
        byte[] file = File.ReadAllBytes(dir.File("m.safetensors"));

        // An 8-byte little-endian header length, a JSON header padded with spaces to 8 bytes, then the data, exactly.
        long headerLength = (long)BinaryPrimitives.ReadUInt64LittleEndian(file);
        Assert.Equal(0, headerLength % 8);
        string header = Encoding.UTF8.GetString(file, 8, (int)headerLength);
        Assert.StartsWith("{", header);
        using JsonDocument json = JsonDocument.Parse(header);
        Assert.Equal("pt", json.RootElement.GetProperty("__metadata__").GetProperty("format").GetString());

        long expectedBegin = 0;
        foreach (NamedTensor tensor in s_tensors)
        {
            JsonElement entry = json.RootElement.GetProperty(tensor.Name);
            Assert.Equal("F32", entry.GetProperty("dtype").GetString());
            Assert.Equal(tensor.Shape, entry.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
            long[] offsets = [.. entry.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64())];
            Assert.Equal([expectedBegin, expectedBegin + 4 * tensor.Values.Length], offsets);
            float first = BinaryPrimitives.ReadSingleLittleEndian(file.AsSpan((int)(8 + headerLength + offsets[0])));
            Assert.Equal(tensor.Values[0], first);
            expectedBegin = offsets[1];
        }

        Assert.Equal(8 + headerLength + expectedBegin, file.Length);
    }

    [Fact]
    public void Network_weights_saved_and_loaded_into_a_new_network_are_identical()
    {
        using GpuContext gpu = GpuContext.Create(GpuBackend.Cpu);
        using Network trained = new(gpu, inputs: 12, hidden: 5, classes: 10);
        trained.Initialize(seed: 9);
        using TempDirectory dir = new();
        Safetensors.Save(dir.File("m.safetensors"), trained.ReadParameters());

        using Network loaded = new(gpu, inputs: 12, hidden: 5, classes: 10);
        loaded.Load(Safetensors.Load(dir.File("m.safetensors")));

        Assert.Equal(trained.Parameters.ToArray(), loaded.Parameters.ToArray());
    }

    [Fact]
    public void Loading_another_dtype_names_the_tensor_and_the_dtype()
    {
        using TempDirectory dir = new();
        WriteRaw(dir.File("h.safetensors"), """{"w":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}}""", new byte[4]);

        InvalidDataException e = Assert.Throws<InvalidDataException>(() => Safetensors.Load(dir.File("h.safetensors")));

        Assert.Contains("tensor 'w' has dtype F16; only F32 is supported", e.Message);
    }

    [Fact]
    public void Loading_a_truncated_file_says_the_data_does_not_fit()
    {
        using TempDirectory dir = new();
        WriteRaw(dir.File("t.safetensors"), """{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}""", new byte[10]);

        InvalidDataException e = Assert.Throws<InvalidDataException>(() => Safetensors.Load(dir.File("t.safetensors")));

        Assert.Contains(dir.File("t.safetensors"), e.Message);
        Assert.Contains("do not span 16 bytes inside the 10 bytes of data", e.Message);
    }

    private static void WriteRaw(string path, string header, byte[] data)
    {
        byte[] json = Encoding.UTF8.GetBytes(header);
        byte[] length = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)json.Length);
        File.WriteAllBytes(path, [.. length, .. json, .. data]);
    }
}
