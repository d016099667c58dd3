using GpuDsl;
using Mlp.Kernels;
using Mlp.Model;

namespace Mlp.Training;

/// <summary>How a network classified a test set.</summary>
/// <param name="Confusion">Counts by true class (row) and predicted class (column).</param>
public sealed record Evaluation(int[,] Confusion)
{
    /// <summary>Samples classified.</summary>
    public int Total => Confusion.Cast<int>().Sum();

    /// <summary>Samples classified correctly: the diagonal.</summary>
    public int Correct => Enumerable.Range(0, Confusion.GetLength(0)).Sum(c => Confusion[c, c]);

    /// <summary>The fraction classified correctly.</summary>
    public double Accuracy => Total == 0 ? 0 : (double)Correct / Total;
}

/// <summary>Runs the forward pass over a whole split in chunks and scores the predicted classes.</summary>
public sealed class Evaluator : IDisposable
{
    /// <summary>Rows per forward pass.</summary>
    public const int ChunkRows = 1000;

    private readonly GpuStream _stream;
    private readonly Network _network;
    private readonly DeviceSplit _data;
    private readonly Activations _batch;
    private readonly DeviceBuffer<int> _order;
    private readonly DeviceBuffer<int> _cursor;
    private readonly DeviceBuffer<int> _predictions;
    private readonly int _gatherBlocks;
    private readonly KernelSet _kernels;

    /// <summary>Allocates what evaluating <paramref name="network"/> on <paramref name="data"/> needs.</summary>
    /// <param name="stream">The stream to evaluate on.</param>
    /// <param name="network">The network.</param>
    /// <param name="data">The split to classify.</param>
    /// <param name="kernels">The forward pass's kernels; by default the fastest on the stream's backend.</param>
    public Evaluator(GpuStream stream, Network network, DeviceSplit data, KernelSet? kernels = null)
    {
        GpuContext gpu = stream.Context;
        _stream = stream;
        _network = network;
        _data = data;
        _kernels = kernels ?? KernelSets.DefaultFor(gpu.Backend);
        int rows = Math.Min(ChunkRows, data.Count);
        _batch = new Activations(gpu, network, rows);
        _order = gpu.Allocate<int>(Enumerable.Range(0, data.Count).ToArray());
        _cursor = gpu.Allocate<int>(1);
        _cursor.Clear();
        _predictions = gpu.Allocate<int>(data.Count);
        _gatherBlocks = LaunchShapes.GridStride(gpu, Activations.Elements(rows, data.Pixels));
    }

    /// <summary>Classifies every sample of the split and returns the confusion matrix.</summary>
    public Evaluation Evaluate()
    {
        for (int start = 0; start < _data.Count; start += ChunkRows)
        {
            int rows = Math.Min(ChunkRows, _data.Count - start);

            // The batch offset stays zero: each chunk passes its own slice of the (identity) order instead.
            MlpKernels.Launch(_gatherBlocks, LaunchShapes.Threads, 0, _stream).GatherBatch(
                _data.Images, _data.Labels, _order.Slice(start, rows), _cursor, _batch.Input, _batch.Labels, rows, _data.Pixels);
            _network.Forward(_stream, _batch, rows, _kernels);
            MlpKernels.Launch(LaunchShapes.OnePerItem(rows), LaunchShapes.Threads, 0, _stream)
                .ArgMax(_batch.Logits, _predictions.Slice(start, rows), rows, _network.Classes);
        }

        _stream.Synchronize();
        int[] predicted = _predictions.ToArray();
        byte[] labels = _data.Split.Labels;
        int[,] confusion = new int[_network.Classes, _network.Classes];
        for (int i = 0; i < predicted.Length; i++) confusion[labels[i], predicted[i]]++;
        return new Evaluation(confusion);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _batch.Dispose();
        _order.Dispose();
        _cursor.Dispose();
        _predictions.Dispose();
    }
}
