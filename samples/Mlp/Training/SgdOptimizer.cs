using GpuDsl;
using Mlp.Kernels;
using Mlp.Model;

namespace Mlp.Training;

/// <summary>
/// <c>torch.optim.SGD(params, lr, momentum)</c>: one launch of <see cref="MlpKernels.SgdMomentum"/> over the network's
/// flat parameters, with a momentum buffer of the same layout that starts at zero.
/// </summary>
public sealed class SgdOptimizer : IDisposable
{
    private readonly Network _network;
    private readonly int _blocks;

    /// <summary>Creates the optimizer and its zeroed momentum buffer.</summary>
    public SgdOptimizer(Network network, float learningRate, float momentum)
    {
        _network = network;
        LearningRate = learningRate;
        Momentum = momentum;
        GpuContext gpu = network.Parameters.Context;
        Velocity = gpu.Allocate<float>(network.Parameters.Length);
        Velocity.Clear();
        _blocks = LaunchShapes.GridStride(gpu, network.Parameters.Length);
    }

    /// <summary>The learning rate.</summary>
    public float LearningRate { get; }

    /// <summary>The momentum factor.</summary>
    public float Momentum { get; }

    /// <summary>The momentum buffer (PyTorch's <c>momentum_buffer</c>), laid out as the network's parameters.</summary>
    public DeviceBuffer<float> Velocity { get; }

    /// <summary>The launch that updates every parameter from the network's current gradients.</summary>
    public PlannedLaunch Update() =>
        new(nameof(MlpKernels.SgdMomentum), "SGD with momentum, every parameter", _blocks, LaunchShapes.Threads, 0,
            k => k.SgdMomentum(_network.Parameters, _network.Gradients, Velocity, LearningRate, Momentum));

    /// <summary>Queues <see cref="Update"/> on <paramref name="stream"/>.</summary>
    public void Step(GpuStream stream) => Update().Enqueue(stream);

    /// <inheritdoc/>
    public void Dispose() => Velocity.Dispose();
}
