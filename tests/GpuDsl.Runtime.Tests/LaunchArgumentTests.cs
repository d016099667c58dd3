using System.Runtime.InteropServices;
using GpuDsl.Cuda;
using GpuDsl.Runtime.Tests.Kernels;

namespace GpuDsl.Runtime.Tests;

/// <summary>
/// What the runtime does with a generated launcher's arguments: the checks every backend makes before anything runs,
/// and the CUDA parameter block, which is packed by the runtime (not by generated code) and so can be tested here.
/// </summary>
public sealed class LaunchArgumentTests : IDisposable
{
    private readonly GpuContext _context = GpuContext.Create(GpuBackend.Cpu);

    public void Dispose() => _context.Dispose();

    [Fact]
    public void A_read_only_span_overlapping_the_writable_one_is_refused_naming_both_before_anything_runs()
    {
        using DeviceBuffer<float> a = _context.Allocate<float>([1, 2, 3, 4]), b = _context.Allocate<float>(4);

        ArgumentException e = Assert.Throws<ArgumentException>(() =>
            TestKernels.Launch(1, 4).VectorAdd(a.Slice(1, 3), b, a.Slice(0, 2), 2));

        Assert.Contains("Cannot launch TestKernels.VectorAdd: the read-only argument 'a' and the writable argument 'c' overlap", e.Message);
        Assert.Contains("(4 bytes of the same memory, from byte 0 of 'a' and byte 4 of 'c')", e.Message);
        Assert.Equal([1f, 2f, 3f, 4f], a.ToArray()); // nothing ran
    }

    [Fact]
    public void Neighbouring_slices_of_one_buffer_are_not_an_overlap()
    {
        using DeviceBuffer<float> x = _context.Allocate<float>([1, 2, 3, 4, 0, 0]);

        TestKernels.Launch(1, 2).VectorAdd(x.Slice(0, 2), x.Slice(2, 2), x.Slice(4, 2), 2);

        Assert.Equal([1f, 2f, 3f, 4f, 4f, 6f], x.ToArray());
    }

    [Fact]
    public void Packing_for_CUDA_places_each_parameter_at_its_alignment_and_allocates_nothing()
    {
        using DeviceBuffer<double> o = _context.Allocate<double>(3);
        PackedSample sample = new(o, 7, new Settings { Flag = 1, Scale = 2.5, Offset = (Half)0.5 }, (Half)3);
        Span<byte> block = stackalloc byte[64];
        Pack(sample, block); // the first call compiles the generic code

        long before = GC.GetAllocatedBytesForCurrentThread();
        int size = Pack(sample, block);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        // o: pointer at 0, length at 8; before at 12; Settings (24 bytes, 8-aligned) at 16; Half at 40; 42 bytes, no tail padding.
        Assert.Equal(42, size);
        Assert.Equal(o.AsSpan().Address, MemoryMarshal.Read<nint>(block));
        Assert.Equal(3, MemoryMarshal.Read<int>(block[8..]));
        Assert.Equal(7, block[12]);
        Assert.Equal(sample.Settings, MemoryMarshal.Read<Settings>(block[16..]));
        Assert.Equal((Half)3, MemoryMarshal.Read<Half>(block[40..]));
    }

    private unsafe int Pack(in PackedSample sample, Span<byte> block)
    {
        fixed (byte* start = block)
        {
            CudaArgumentPacker packer = new(_context, PackedSample.Kernel, start, block.Length);
            sample.Load(ref packer);
            Assert.False(packer.Overlap);
            return packer.Size;
        }
    }

    private struct Settings
    {
        public byte Flag;
        public double Scale;
        public Half Offset;
    }

    /// <summary>
    /// The arguments of <c>K(Span&lt;double&gt; o, byte before, Settings settings, Half after)</c>, loaded as the
    /// generator writes <see cref="IKernelArguments.Load"/> (its alignments are the generator's).
    /// </summary>
    private readonly record struct PackedSample(DeviceSpan<double> O, byte Before, Settings Settings, Half After) : IKernelArguments
    {
        public static KernelDescriptor Kernel { get; } = new(new GpuModule("Tests.Packed", ""), "k", "Tests.K", usesBarriers: false);

        public GpuContext? BufferContext => O.Context;

        public void Load<TLoader>(ref TLoader loader) where TLoader : struct, IKernelArgumentLoader
        {
            loader.Span(O, "o", readOnly: false);
            loader.Value(Before, alignment: 1);
            loader.Value(Settings, alignment: 8);
            loader.Value(After, alignment: 2);
        }

        public void Execute() => throw new NotSupportedException("Only packed, never run.");
    }
}
