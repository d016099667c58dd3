using GpuDsl;

namespace Mlp.Model;

/// <summary>
/// The per-batch device buffers of a forward and backward pass, for up to <see cref="Capacity"/> rows: the input, the
/// hidden layer's split products and its ReLU output, the logits, each row's loss, and the gradients at the logits and
/// the hidden layer.
/// </summary>
public sealed class Activations : IDisposable
{
    /// <summary>Allocates the buffers of <paramref name="network"/> for batches of up to <paramref name="capacity"/> rows.</summary>
    public Activations(GpuContext gpu, Network network, int capacity)
    {
        Capacity = capacity;
        Input = gpu.Allocate<float>(Elements(capacity, network.Inputs));
        Labels = gpu.Allocate<int>(capacity);
        HiddenPartials = gpu.Allocate<float>(Elements(capacity, (long)network.Fc1.ForwardSlices * network.Hidden));
        Hidden = gpu.Allocate<float>(Elements(capacity, network.Hidden));
        Logits = gpu.Allocate<float>(Elements(capacity, network.Classes));
        RowLoss = gpu.Allocate<float>(capacity);
        LogitsGrad = gpu.Allocate<float>(Elements(capacity, network.Classes));
        HiddenGrad = gpu.Allocate<float>(Elements(capacity, network.Hidden));
    }

    /// <summary>The length of a [rows, width] buffer, or an exception naming the batch when it would not fit an int.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The buffer would have more than <see cref="Array.MaxLength"/> elements.</exception>
    public static int Elements(int rows, long width)
    {
        long elements = rows * width;
        return elements <= Array.MaxLength ? (int)elements
            : throw new ArgumentOutOfRangeException(nameof(rows), rows,
                $"A batch of {rows:N0} rows needs buffers of {elements:N0} elements ({rows:N0} x {width:N0}), more than one buffer holds.");
    }

    /// <summary>The most rows a batch may have.</summary>
    public int Capacity { get; }

    /// <summary>The normalized images, [rows, inputs].</summary>
    public DeviceBuffer<float> Input { get; }

    /// <summary>The class of each row.</summary>
    public DeviceBuffer<int> Labels { get; }

    /// <summary>
    /// The hidden layer's products before the bias, one [rows, hidden] block per slice of the inputs
    /// (<see cref="LinearLayer.ForwardSlices"/>), summed by the kernel that reads them.
    /// </summary>
    public DeviceBuffer<float> HiddenPartials { get; }

    /// <summary>The hidden layer after ReLU, [rows, hidden].</summary>
    public DeviceBuffer<float> Hidden { get; }

    /// <summary>The output layer, [rows, classes].</summary>
    public DeviceBuffer<float> Logits { get; }

    /// <summary>Each row's cross-entropy loss.</summary>
    public DeviceBuffer<float> RowLoss { get; }

    /// <summary>The mean loss's gradient with respect to the logits, [rows, classes].</summary>
    public DeviceBuffer<float> LogitsGrad { get; }

    /// <summary>The mean loss's gradient with respect to the hidden layer's pre-activation, [rows, hidden].</summary>
    public DeviceBuffer<float> HiddenGrad { get; }

    /// <inheritdoc/>
    public void Dispose()
    {
        Input.Dispose();
        Labels.Dispose();
        HiddenPartials.Dispose();
        Hidden.Dispose();
        Logits.Dispose();
        RowLoss.Dispose();
        LogitsGrad.Dispose();
        HiddenGrad.Dispose();
    }
}
