using GpuDsl;
using Mlp.Kernels;

namespace Mlp.Model;

/// <summary>
/// A fully connected layer, <c>y = x · Wᵀ + b</c>, laid out as PyTorch's <c>nn.Linear</c>: weight [out, in] and
/// bias [out], row-major. It holds views of the network's flat parameter and gradient buffers and plans the launches
/// of the layer's matrix products: the fused set's split forward product (what happens between the layers, the bias and
/// ReLU of the hidden layer included, is fused into the output-layer kernels), and the simple set's one-thread-per-result
/// forward and backward products.
/// </summary>
public sealed class LinearLayer
{
    internal LinearLayer(
        string name, int inFeatures, int outFeatures,
        DeviceSpan<float> weight, DeviceSpan<float> bias, DeviceSpan<float> weightGrad, DeviceSpan<float> biasGrad)
    {
        Name = name;
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Weight = weight;
        Bias = bias;
        WeightGrad = weightGrad;
        BiasGrad = biasGrad;
    }

    /// <summary>The layer's name in the state dict (<c>fc1</c>, <c>fc2</c>).</summary>
    public string Name { get; }

    /// <summary>Input features.</summary>
    public int InFeatures { get; }

    /// <summary>Output features.</summary>
    public int OutFeatures { get; }

    /// <summary>The weight, [out, in].</summary>
    public DeviceSpan<float> Weight { get; }

    /// <summary>The bias, [out].</summary>
    public DeviceSpan<float> Bias { get; }

    /// <summary>The loss's gradient with respect to <see cref="Weight"/>.</summary>
    public DeviceSpan<float> WeightGrad { get; }

    /// <summary>The loss's gradient with respect to <see cref="Bias"/>.</summary>
    public DeviceSpan<float> BiasGrad { get; }

    /// <summary>
    /// How many slices the layer's forward product is split into along its inputs (see
    /// <see cref="MlpKernels.LinearForwardSplitK"/>); the buffer of its partial products holds this many [rows, out] blocks.
    /// </summary>
    public int ForwardSlices => LaunchShapes.Slices(InFeatures);

    /// <summary>
    /// The launch that writes the partial products <c>input · Wᵀ</c> of the first <paramref name="rows"/> rows, one per
    /// slice of the inputs, into <paramref name="partials"/>; the bias is added by whoever sums them.
    /// </summary>
    public PlannedLaunch ForwardProducts(DeviceSpan<float> input, DeviceSpan<float> partials, int rows) =>
        new(nameof(MlpKernels.LinearForwardSplitK), $"{Name} forward, {ForwardSlices} slices of the inputs",
            LaunchShapes.ForwardGrid(rows, InFeatures, OutFeatures), LaunchShapes.TileBlock, 0,
            k => k.LinearForwardSplitK(input, Weight, partials, rows, InFeatures, OutFeatures));

    /// <summary>The simple set's forward launch: <c>output = input · Wᵀ + b</c>, then ReLU when <paramref name="relu"/> is set.</summary>
    public PlannedLaunch Forward(DeviceSpan<float> input, DeviceSpan<float> output, int rows, bool relu)
    {
        (Dim3 grid, Dim3 block) = LaunchShapes.Matrix(OutFeatures, rows);
        return new(nameof(MlpKernels.LinearForward), $"{Name} forward{(relu ? " + ReLU" : "")}", grid, block, 0,
            k => k.LinearForward(input, Weight, Bias, output, rows, InFeatures, OutFeatures, relu));
    }

    /// <summary>
    /// The simple set's launches that write <see cref="WeightGrad"/> and <see cref="BiasGrad"/> from the layer's input
    /// and the loss's gradient at its output, over the first <paramref name="rows"/> rows.
    /// </summary>
    public IReadOnlyList<PlannedLaunch> ParameterGradients(DeviceSpan<float> input, DeviceSpan<float> outputGrad, int rows)
    {
        (Dim3 grid, Dim3 block) = LaunchShapes.Matrix(InFeatures, OutFeatures);
        return
        [
            new(nameof(MlpKernels.LinearWeightGrad), $"{Name} weight gradient", grid, block, 0,
                k => k.LinearWeightGrad(outputGrad, input, WeightGrad, rows, InFeatures, OutFeatures)),
            new(nameof(MlpKernels.LinearBiasGrad), $"{Name} bias gradient", LaunchShapes.OnePerItem(OutFeatures), LaunchShapes.Threads, 0,
                k => k.LinearBiasGrad(outputGrad, BiasGrad, rows, OutFeatures)),
        ];
    }

    /// <summary>
    /// The simple set's launch of the gradient at the layer's input, <c>outputGrad · W</c>, zeroed where the input (a ReLU
    /// output) is not positive.
    /// </summary>
    public PlannedLaunch InputGradient(DeviceSpan<float> outputGrad, DeviceSpan<float> input, DeviceSpan<float> inputGrad, int rows)
    {
        (Dim3 grid, Dim3 block) = LaunchShapes.Matrix(InFeatures, rows);
        return new(nameof(MlpKernels.LinearInputGrad), $"{Name} backward to its input, ReLU mask", grid, block, 0,
            k => k.LinearInputGrad(outputGrad, Weight, input, inputGrad, rows, InFeatures, OutFeatures, reluMask: true));
    }
}
