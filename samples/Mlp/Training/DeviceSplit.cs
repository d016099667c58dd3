using GpuDsl;
using Mlp.Data;

namespace Mlp.Training;

/// <summary>
/// A dataset split uploaded to the device once, as the bytes of the files: kernels normalize the pixels of each batch
/// as they gather it, so the device holds 1 byte per pixel instead of 4.
/// </summary>
public sealed class DeviceSplit : IDisposable
{
    private DeviceSplit(DatasetSplit split, DeviceBuffer<byte> images, DeviceBuffer<byte> labels)
    {
        Split = split;
        Images = images;
        Labels = labels;
    }

    /// <summary>The split on the host; its labels score predictions.</summary>
    public DatasetSplit Split { get; }

    /// <summary>The images' pixel bytes, [count, pixels].</summary>
    public DeviceBuffer<byte> Images { get; }

    /// <summary>One label byte per image.</summary>
    public DeviceBuffer<byte> Labels { get; }

    /// <summary>The number of images.</summary>
    public int Count => Split.Count;

    /// <summary>Pixels per image.</summary>
    public int Pixels => Split.Pixels;

    /// <summary>Copies <paramref name="split"/> to the device.</summary>
    public static DeviceSplit Upload(GpuContext gpu, DatasetSplit split) =>
        new(split, gpu.Allocate<byte>(split.Images), gpu.Allocate<byte>(split.Labels));

    /// <inheritdoc/>
    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
