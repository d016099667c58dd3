using GpuDsl;
using Mlp.Kernels;

namespace Mlp.Model;

/// <summary>
/// A fully connected layer, <c>y = x · Wᵀ + b</c>, laid out as PyTorch's <c>nn.Linear</c>: weight [out, in] and
/// bias [out], row-major. It holds views of the network's flat parameter and gradient buffers and plans the launches
/// of the layer's matrix products (<c>MlpKernels.Linear.cs</c>); what happens between the layers, the bias and ReLU of
/// the hidden layer included, is fused into the output-layer kernels that <see cref="Network"/> plans.
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

    /// <summary>The loss's gradient with respect to <see cref="Weight"/>, written by <see cref="ParameterGradients"/>.</summary>
    public DeviceSpan<float> WeightGrad { get; }

    /// <summary>The loss's gradient with respect to <see cref="Bias"/>, written by <see cref="ParameterGradients"/>.</summary>
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

    /// <summary>
    /// The launch that writes <see cref="WeightGrad"/> and <see cref="BiasGrad"/> from the layer's input and the loss's
    /// gradient at its output, over the first <paramref name="rows"/> rows.
    /// </summary>
    public PlannedLaunch ParameterGradients(DeviceSpan<float> input, DeviceSpan<float> outputGrad, int rows) =>
        new(nameof(MlpKernels.LinearWeightGrad), $"{Name} weight and bias gradients",
            LaunchShapes.WeightGradGrid(InFeatures, OutFeatures), LaunchShapes.TileBlock, 0,
            k => k.LinearWeightGrad(outputGrad, input, WeightGrad, BiasGrad, rows, InFeatures, OutFeatures));
}
