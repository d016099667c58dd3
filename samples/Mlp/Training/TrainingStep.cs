using GpuDsl;
using Mlp.Kernels;
using Mlp.Model;

namespace Mlp.Training;

/// <summary>
/// One optimization step as a fixed sequence of kernels on one stream (<see cref="Launches"/>): gather the batch, the
/// forward pass, loss and backward pass, SGD, and the bookkeeping, in four launches with the fused
/// <see cref="KernelSet"/> and eleven with the simple one. What differs
/// from one step to the next lives in device memory that the kernels read and update (the batch's offset into the
/// epoch's order, the running loss), so the sequence is captured once as a <see cref="GpuGraph"/> per batch size (full
/// batches and the epoch's last, partial one) and replayed for every step.
/// </summary>
public sealed class TrainingStep : IDisposable
{
    private readonly GpuStream _stream;
    private readonly Network _network;
    private readonly SgdOptimizer _optimizer;
    private readonly DeviceSplit _data;
    private readonly bool _useGraphs;
    private readonly Communicator? _communicator;
    private readonly DeviceBuffer<int> _order;
    private readonly DeviceBuffer<int> _cursor;
    private readonly DeviceBuffer<double> _lossSum;
    private readonly Dictionary<int, GpuGraph> _graphs = [];
    private readonly Dictionary<int, IReadOnlyList<PlannedLaunch>> _launches = [];
    private readonly int _gatherBlocks;
    private bool _kernelsLoaded;

    /// <summary>Allocates the step's device state and its batch buffers for <paramref name="batchSize"/> rows.</summary>
    /// <param name="stream">The stream the step runs on; graphs are captured on it, so it must not be the default stream.</param>
    /// <param name="network">The network to train.</param>
    /// <param name="optimizer">The optimizer that updates it.</param>
    /// <param name="data">The training split, on the device.</param>
    /// <param name="batchSize">The most rows of a batch.</param>
    /// <param name="useGraphs">Whether to replay captured graphs (otherwise every kernel is launched every step).</param>
    /// <param name="kernels">The kernels that compute the step; by default the fastest on the stream's backend (<see cref="KernelSets.DefaultFor"/>).</param>
    /// <param name="communicator">For data-parallel training, this rank's communicator: the step then averages the
    /// gradients over the ranks (an all-reduce inside the step, and inside its graph) before SGD applies them.</param>
    public TrainingStep(
        GpuStream stream, Network network, SgdOptimizer optimizer, DeviceSplit data, int batchSize, bool useGraphs,
        KernelSet? kernels = null, Communicator? communicator = null)
    {
        GpuContext gpu = stream.Context;
        _stream = stream;
        _network = network;
        _optimizer = optimizer;
        _data = data;
        _useGraphs = useGraphs;
        _communicator = communicator;
        Kernels = kernels ?? KernelSets.DefaultFor(gpu.Backend);
        _order = gpu.Allocate<int>(data.Count);
        _cursor = gpu.Allocate<int>(1);
        _lossSum = gpu.Allocate<double>(1);
        _lossSum.Clear();
        Batch = new Activations(gpu, network, batchSize);
        _gatherBlocks = LaunchShapes.GridStride(gpu, Activations.Elements(batchSize, data.Pixels));
    }

    /// <summary>The kernels that compute the step.</summary>
    public KernelSet Kernels { get; }

    /// <summary>The batch's buffers: after a step, its input, activations and gradients.</summary>
    public Activations Batch { get; }

    /// <summary>
    /// Starts an epoch that visits the samples in <paramref name="order"/>: uploads it and moves the batch offset to its
    /// start. Waits for the previous epoch's steps first.
    /// </summary>
    public void BeginEpoch(ReadOnlySpan<int> order)
    {
        _stream.Synchronize();
        _order.CopyFrom(order);
        _cursor.Clear();
    }

    /// <summary>Queues one step on the next <paramref name="rows"/> samples of the epoch's order.</summary>
    public void Run(int rows)
    {
        if (!_useGraphs)
        {
            Enqueue(rows);
            return;
        }

        if (!_graphs.TryGetValue(rows, out GpuGraph? graph))
        {
            if (!_kernelsLoaded)
            {
                // The very first step runs directly: it compiles and loads the kernels, which must not happen while the
                // stream is being captured.
                Enqueue(rows);
                _kernelsLoaded = true;
                return;
            }

            graph = GpuGraph.Capture(_stream, () => Enqueue(rows));
            _graphs.Add(rows, graph);
        }

        graph.Launch(_stream);
    }

    /// <summary>Waits for the queued steps and returns the sum of their mean losses since the last call, then resets it.</summary>
    public double TakeLossSum()
    {
        _stream.Synchronize();
        double[] sum = _lossSum.ToArray();
        _lossSum.Clear();
        return sum[0];
    }

    /// <summary>
    /// The step's kernel launches for batches of <paramref name="rows"/> rows, in order: what <see cref="Run"/> queues
    /// or captures, and what a profiler can time one by one. The batch offset moves on only in the last launch.
    /// </summary>
    public IReadOnlyList<PlannedLaunch> Launches(int rows)
    {
        if (!_launches.TryGetValue(rows, out IReadOnlyList<PlannedLaunch>? launches))
        {
            launches = _communicator is not null ? [.. GradientLaunches(rows), .. UpdateLaunches(rows)]
                : Kernels == KernelSet.Fused ? FusedLaunches(rows) : SimpleLaunches(rows);
            _launches.Add(rows, launches);
        }

        return launches;
    }

    /// <summary>
    /// Four launches: gather and normalize the batch; fc1's split products; everything that goes row by row; and both
    /// layers' gradients with SGD applied where they are computed, the last block adding the mean loss and moving the
    /// batch offset on (no kernel after it reads the offset).
    /// </summary>
    /// <remarks>
    /// Measured on an H200, gathering inside fc1's tile loads (one launch fewer) made the step slower, 56.8 us against
    /// 41.1 for these four: the indirect byte loads stall the product's tiles.
    /// </remarks>
    private List<PlannedLaunch> FusedLaunches(int rows)
    {
        Activations batch = Batch;
        Network network = _network;
        LinearLayer fc1 = network.Fc1;
        return
        [
            new(nameof(MlpKernels.GatherBatch), "gather and normalize the batch", _gatherBlocks, LaunchShapes.Threads, 0,
                k => k.GatherBatch(_data.Images, _data.Labels, _order, _cursor, batch.Input, batch.Labels, rows, _data.Pixels)),
            fc1.ForwardProducts(batch.Input, batch.HiddenPartials, rows),
            network.OutputLayerPass(batch, rows),
            new(nameof(MlpKernels.LinearGradientsSgd), "fc1 + fc2 gradients, SGD; mean loss, next batch",
                LaunchShapes.GradientBlocks(network.Inputs, network.Hidden, network.Classes), LaunchShapes.TileBlock, 0,
                k => k.LinearGradientsSgd(batch.Input, batch.HiddenGrad, batch.Hidden, batch.LogitsGrad,
                    network.Parameters, network.Gradients, _optimizer.Velocity, _optimizer.LearningRate, _optimizer.Momentum,
                    batch.RowLoss, _lossSum, _cursor, rows, network.Inputs, network.Hidden, network.Classes)),
        ];
    }

    /// <summary>Eleven launches, one thread per result and no barriers: gather, forward, backward, SGD, bookkeeping.</summary>
    private List<PlannedLaunch> SimpleLaunches(int rows)
    {
        Activations batch = Batch;
        return
        [
            new(nameof(MlpKernels.GatherBatch), "gather and normalize the batch", _gatherBlocks, LaunchShapes.Threads, 0,
                k => k.GatherBatch(_data.Images, _data.Labels, _order, _cursor, batch.Input, batch.Labels, rows, _data.Pixels)),
            .. _network.ForwardPass(batch, rows, KernelSet.Simple),
            .. _network.SimpleBackwardPass(batch, rows),
            _optimizer.Update(),
            new(nameof(MlpKernels.FinishStep), "add the mean loss, next batch", 1, 1, 0,
                k => k.FinishStep(batch.RowLoss, _lossSum, _cursor, rows)),
        ];
    }

    /// <summary>
    /// Data-parallel: the launches up to every parameter's gradient over this rank's rows, without SGD (the fused set's
    /// last kernel applies SGD where it computes the gradients, which must be averaged over the ranks first; here the
    /// simple set's gradient kernels follow the fused forward and backward pass).
    /// </summary>
    private List<PlannedLaunch> GradientLaunches(int rows)
    {
        Activations batch = Batch;
        PlannedLaunch gather = new(nameof(MlpKernels.GatherBatch), "gather and normalize the batch", _gatherBlocks, LaunchShapes.Threads, 0,
            k => k.GatherBatch(_data.Images, _data.Labels, _order, _cursor, batch.Input, batch.Labels, rows, _data.Pixels));
        return Kernels == KernelSet.Fused
            ?
            [
                gather,
                _network.Fc1.ForwardProducts(batch.Input, batch.HiddenPartials, rows),
                _network.OutputLayerPass(batch, rows),
                .. _network.Fc2.ParameterGradients(batch.Hidden, batch.LogitsGrad, rows),
                .. _network.Fc1.ParameterGradients(batch.Input, batch.HiddenGrad, rows),
            ]
            : [gather, .. _network.ForwardPass(batch, rows, KernelSet.Simple), .. _network.SimpleBackwardPass(batch, rows)];
    }

    /// <summary>Data-parallel: SGD from the averaged gradients, then the bookkeeping.</summary>
    private List<PlannedLaunch> UpdateLaunches(int rows) =>
    [
        _optimizer.Update(),
        new(nameof(MlpKernels.FinishStep), "add the mean loss, next batch", 1, 1, 0,
            k => k.FinishStep(Batch.RowLoss, _lossSum, _cursor, rows)),
    ];

    /// <summary>The sequence that a graph captures; data-parallel, with the gradients averaged over the ranks before SGD.</summary>
    private void Enqueue(int rows)
    {
        if (_communicator is null)
        {
            PlannedLaunch.EnqueueAll(Launches(rows), _stream);
            return;
        }

        PlannedLaunch.EnqueueAll(GradientLaunches(rows), _stream);
        _communicator.AllReduce(_network.Gradients, ReduceOperation.Average, _stream);
        PlannedLaunch.EnqueueAll(UpdateLaunches(rows), _stream);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (GpuGraph graph in _graphs.Values) graph.Dispose();
        Batch.Dispose();
        _order.Dispose();
        _cursor.Dispose();
        _lossSum.Dispose();
    }
}
