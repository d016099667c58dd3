using GpuDsl;
using Mlp.Kernels;

namespace Mlp.Model;

/// <summary>
/// A fully connected layer, <c>y = x · Wᵀ + b</c>, laid out as PyTorch's <c>nn.Linear</c>: weight [out, in] and
/// bias [out], row-major. It holds views of the network's flat parameter and gradient buffers and launches the layer's
/// kernels; the launch shapes live here, beside the kernels' calls, so that swapping the plain products for tiled ones
/// touches only this class and <c>MlpKernels.Linear.cs</c>.
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

    /// <summary>The loss's gradient with respect to <see cref="Weight"/>, written by <see cref="BackwardParameters"/>.</summary>
    public DeviceSpan<float> WeightGrad { get; }

    /// <summary>The loss's gradient with respect to <see cref="Bias"/>, written by <see cref="BackwardParameters"/>.</summary>
    public DeviceSpan<float> BiasGrad { get; }

    /// <summary>Queues <c>output = input · Wᵀ + b</c> (then ReLU when <paramref name="relu"/>) for the first <paramref name="rows"/> rows.</summary>
    public void Forward(GpuStream stream, DeviceSpan<float> input, DeviceSpan<float> output, int rows, bool relu)
    {
        (Dim3 grid, Dim3 block) = LaunchShapes.Matrix(OutFeatures, rows);
        MlpKernels.Launch(grid, block, 0, stream).LinearForward(input, Weight, Bias, output, rows, InFeatures, OutFeatures, relu);
    }

    /// <summary>Queues the weight and bias gradients, given the layer's input and the loss's gradient at its output.</summary>
    public void BackwardParameters(GpuStream stream, DeviceSpan<float> input, DeviceSpan<float> outputGrad, int rows)
    {
        (Dim3 grid, Dim3 block) = LaunchShapes.Matrix(InFeatures, OutFeatures);
        MlpKernels.Launch(grid, block, 0, stream).LinearWeightGrad(outputGrad, input, WeightGrad, rows, InFeatures, OutFeatures);
        MlpKernels.Launch(LaunchShapes.OnePerItem(OutFeatures), LaunchShapes.Threads, 0, stream)
            .LinearBiasGrad(outputGrad, BiasGrad, rows, OutFeatures);
    }

    /// <summary>
    /// Queues the loss's gradient at the layer's input. With <paramref name="reluMask"/> the input is the previous
    /// layer's ReLU output, and the gradient is zeroed where it is not positive: ReLU's backward pass, fused in.
    /// </summary>
    public void BackwardInput(
        GpuStream stream, DeviceSpan<float> outputGrad, DeviceSpan<float> input, DeviceSpan<float> inputGrad, int rows, bool reluMask)
    {
        (Dim3 grid, Dim3 block) = LaunchShapes.Matrix(InFeatures, rows);
        MlpKernels.Launch(grid, block, 0, stream)
            .LinearInputGrad(outputGrad, Weight, input, inputGrad, rows, InFeatures, OutFeatures, reluMask);
    }
}
