using GpuDsl;
using Mlp.Kernels;

namespace Mlp.Model;

/// <summary>
/// The network of PyTorch's classic MNIST example, <c>Linear(inputs, hidden) → ReLU → Linear(hidden, classes)</c>,
/// with its parameters on the device. All parameters live in one flat buffer (and their gradients in another of the
/// same layout, see <see cref="Slots"/>), so that one launch can compute or update everything; the layers hold views.
/// <c>MlpKernels.LinearGradientsSgd</c> relies on this layout.
/// </summary>
public sealed class Network : IDisposable
{
    /// <summary>Allocates the parameters (zero until <see cref="Initialize"/> or <see cref="Load"/>) and gradients.</summary>
    public Network(GpuContext gpu, int inputs, int hidden = 128, int classes = 10)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hidden);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classes);
        Inputs = inputs;
        Hidden = hidden;
        Classes = classes;

        List<TensorSlot> slots = [];
        int offset = 0;
        foreach ((string name, int[] shape) in new[]
        {
            ("fc1.weight", new[] { hidden, inputs }), ("fc1.bias", [hidden]),
            ("fc2.weight", [classes, hidden]), ("fc2.bias", [classes]),
        })
        {
            TensorSlot slot = new(name, shape, offset);
            slots.Add(slot);
            offset += slot.Length;
        }

        Slots = slots;
        Parameters = gpu.Allocate<float>(offset);
        Gradients = gpu.Allocate<float>(offset);
        Fc1 = CreateLayer("fc1", inputs, hidden);
        Fc2 = CreateLayer("fc2", hidden, classes);
    }

    /// <summary>Input features (pixels per image).</summary>
    public int Inputs { get; }

    /// <summary>Hidden units.</summary>
    public int Hidden { get; }

    /// <summary>Output classes.</summary>
    public int Classes { get; }

    /// <summary>The named tensors in the order of the flat buffers: fc1.weight, fc1.bias, fc2.weight, fc2.bias.</summary>
    public IReadOnlyList<TensorSlot> Slots { get; }

    /// <summary>Every parameter, flat, laid out as <see cref="Slots"/> says.</summary>
    public DeviceBuffer<float> Parameters { get; }

    /// <summary>The loss's gradient for every parameter, laid out as <see cref="Parameters"/>.</summary>
    public DeviceBuffer<float> Gradients { get; }

    /// <summary>The hidden layer.</summary>
    public LinearLayer Fc1 { get; }

    /// <summary>The output layer.</summary>
    public LinearLayer Fc2 { get; }

    /// <summary>
    /// Sets the parameters as PyTorch's <c>nn.Linear</c> initializes them: weight and bias both uniform in
    /// ±1/sqrt(in_features), which is what <c>kaiming_uniform_(a=sqrt(5))</c> reduces to. The draws come from
    /// <c>new Random(seed)</c> in the order of <see cref="Slots"/>, so a seed gives the same network everywhere.
    /// </summary>
    public void Initialize(int seed)
    {
        Random random = new(seed);
        float[] values = new float[Parameters.Length];
        foreach (TensorSlot slot in Slots)
        {
            int fanIn = slot.Name.StartsWith("fc1", StringComparison.Ordinal) ? Inputs : Hidden;
            double bound = 1 / Math.Sqrt(fanIn);
            for (int i = slot.Offset; i < slot.Offset + slot.Length; i++)
            {
                values[i] = (float)((random.NextDouble() * 2 - 1) * bound);
            }
        }

        Parameters.CopyFrom(values);
    }

    /// <summary>
    /// The launches of the forward pass of the first <paramref name="rows"/> rows, for evaluation, from
    /// <see cref="Activations.Input"/> to <see cref="Activations.Logits"/>. Fused: the hidden layer's split products,
    /// then one launch that finishes the hidden layer (bias, ReLU) and computes the logits. Simple: one launch per layer.
    /// </summary>
    public IReadOnlyList<PlannedLaunch> ForwardPass(Activations batch, int rows, KernelSet kernels) => kernels switch
    {
        KernelSet.Fused =>
        [
            Fc1.ForwardProducts(batch.Input, batch.HiddenPartials, rows),
            new(nameof(MlpKernels.OutputLayerForward), "fc1 bias + ReLU, fc2",
                LaunchShapes.OutputGrid(rows), MlpKernels.OutputThreads, LaunchShapes.OutputSharedBytes(Hidden, Classes),
                k => k.OutputLayerForward(batch.HiddenPartials, Fc1.ForwardSlices, Fc1.Bias, Fc2.Weight, Fc2.Bias,
                    batch.Hidden, batch.Logits, rows, Hidden, Classes)),
        ],
        _ => [Fc1.Forward(batch.Input, batch.Hidden, rows, relu: true), Fc2.Forward(batch.Hidden, batch.Logits, rows, relu: false)],
    };

    /// <summary>
    /// The fused set's launch for everything of a training step that goes row by row, from fc1's split products in
    /// <see cref="Activations.HiddenPartials"/>: the hidden layer's bias and ReLU, the output layer, softmax
    /// cross-entropy (each row's loss), and the gradients at the logits and back to the hidden layer.
    /// </summary>
    public PlannedLaunch OutputLayerPass(Activations batch, int rows) =>
        new(nameof(MlpKernels.OutputLayerForwardBackward), "fc1 bias + ReLU, fc2, softmax cross-entropy, backward to fc1",
            LaunchShapes.OutputGrid(rows), MlpKernels.OutputThreads, LaunchShapes.OutputSharedBytes(Hidden, Classes),
            k => k.OutputLayerForwardBackward(batch.HiddenPartials, Fc1.ForwardSlices, Fc1.Bias, Fc2.Weight, Fc2.Bias,
                batch.Labels, batch.Hidden, batch.Logits, batch.RowLoss, batch.LogitsGrad, batch.HiddenGrad,
                rows, Hidden, Classes));

    /// <summary>
    /// The simple set's launches from the logits of <see cref="ForwardPass"/> to every parameter's gradient in
    /// <see cref="Gradients"/>, leaving each row's loss in <see cref="Activations.RowLoss"/>: softmax cross-entropy, fc2's
    /// gradients and the gradient back to the hidden layer, fc1's gradients.
    /// </summary>
    public IReadOnlyList<PlannedLaunch> SimpleBackwardPass(Activations batch, int rows) =>
    [
        new(nameof(MlpKernels.RowSoftmaxCrossEntropy), "softmax cross-entropy, gradient at the logits",
            LaunchShapes.OnePerItem(rows), LaunchShapes.Threads, 0,
            k => k.RowSoftmaxCrossEntropy(batch.Logits, batch.Labels, batch.RowLoss, batch.LogitsGrad, rows, Classes)),
        .. Fc2.ParameterGradients(batch.Hidden, batch.LogitsGrad, rows),
        Fc2.InputGradient(batch.LogitsGrad, batch.Hidden, batch.HiddenGrad, rows),
        .. Fc1.ParameterGradients(batch.Input, batch.HiddenGrad, rows),
    ];

    /// <summary>Queues <see cref="ForwardPass"/>: the logits of the first <paramref name="rows"/> rows.</summary>
    public void Forward(GpuStream stream, Activations batch, int rows, KernelSet kernels) =>
        PlannedLaunch.EnqueueAll(ForwardPass(batch, rows, kernels), stream);

    /// <summary>Copies the parameters to the host as named tensors, in the order of <see cref="Slots"/>.</summary>
    public IReadOnlyList<NamedTensor> ReadParameters() => Split(Parameters.ToArray());

    /// <summary>Copies the gradients to the host as named tensors, in the order of <see cref="Slots"/>.</summary>
    public IReadOnlyList<NamedTensor> ReadGradients() => Split(Gradients.ToArray());

    /// <summary>Sets the parameters from named tensors, which must match <see cref="Slots"/> by name and shape.</summary>
    /// <exception cref="InvalidDataException">A tensor is missing or has another shape.</exception>
    public void Load(IReadOnlyList<NamedTensor> tensors)
    {
        float[] values = new float[Parameters.Length];
        foreach (TensorSlot slot in Slots)
        {
            NamedTensor tensor = tensors.FirstOrDefault(t => t.Name == slot.Name)
                ?? throw new InvalidDataException(
                    $"There is no tensor '{slot.Name}'; the network needs {string.Join(", ", Slots.Select(s => s.Name))}.");
            if (!tensor.Shape.SequenceEqual(slot.Shape))
            {
                throw new InvalidDataException(
                    $"'{slot.Name}' has shape {tensor.ShapeText}, but this network's is [{string.Join(", ", slot.Shape)}].");
            }

            tensor.Values.CopyTo(values, slot.Offset);
        }

        Parameters.CopyFrom(values);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Parameters.Dispose();
        Gradients.Dispose();
    }

    private LinearLayer CreateLayer(string name, int inFeatures, int outFeatures)
    {
        TensorSlot weight = Slot($"{name}.weight"), bias = Slot($"{name}.bias");
        return new LinearLayer(name, inFeatures, outFeatures,
            Parameters.Slice(weight.Offset, weight.Length), Parameters.Slice(bias.Offset, bias.Length),
            Gradients.Slice(weight.Offset, weight.Length), Gradients.Slice(bias.Offset, bias.Length));
    }

    private TensorSlot Slot(string name) => Slots.First(s => s.Name == name);

    private List<NamedTensor> Split(float[] flat) =>
        [.. Slots.Select(s => new NamedTensor(s.Name, s.Shape, flat.AsSpan(s.Offset, s.Length).ToArray()))];
}
