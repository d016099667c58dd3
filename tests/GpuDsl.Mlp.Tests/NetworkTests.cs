using GpuDsl;
using Mlp.Model;
using Mlp.Training;

namespace Mlp.Tests;

public sealed class NetworkTests
{
    [Fact]
    public void Initialization_is_uniform_within_one_over_sqrt_fan_in_per_layer_and_repeats_for_a_seed()
    {
        using GpuContext gpu = GpuContext.Create(GpuBackend.Cpu);
        using Network network = new(gpu, inputs: 784, hidden: 128, classes: 10);

        network.Initialize(seed: 42);
        IReadOnlyList<NamedTensor> first = network.ReadParameters();
        network.Initialize(seed: 42);
        IReadOnlyList<NamedTensor> again = network.ReadParameters();
        network.Initialize(seed: 43);
        IReadOnlyList<NamedTensor> other = network.ReadParameters();

        Assert.Equal(["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"], first.Select(t => t.Name));
        Assert.Equal([[128, 784], [128], [10, 128], [10]], first.Select(t => t.Shape));
        foreach (NamedTensor tensor in first)
        {
            double bound = 1 / Math.Sqrt(tensor.Name.StartsWith("fc1", StringComparison.Ordinal) ? 784 : 128);
            Assert.All(tensor.Values, v => Assert.InRange(v, -bound, bound));

            // Spread over the whole interval, not a corner of it (the ten output biases are too few to say).
            if (tensor.Values.Length >= 100)
            {
                Assert.True(tensor.Values.Max() > 0.75 * bound && tensor.Values.Min() < -0.75 * bound, tensor.Name);
            }
        }

        Assert.Equal(first.SelectMany(t => t.Values), again.SelectMany(t => t.Values));
        Assert.NotEqual(first.SelectMany(t => t.Values), other.SelectMany(t => t.Values));
    }

    [Fact]
    public void Load_refuses_a_tensor_of_another_shape_naming_both_shapes()
    {
        using GpuContext gpu = GpuContext.Create(GpuBackend.Cpu);
        using Network network = new(gpu, inputs: 6, hidden: 3, classes: 10);
        List<NamedTensor> tensors = [.. network.ReadParameters()];
        tensors[2] = new NamedTensor("fc2.weight", [3, 10], new float[30]);

        InvalidDataException e = Assert.Throws<InvalidDataException>(() => network.Load(tensors));

        Assert.Contains("'fc2.weight' has shape [3, 10], but this network's is [10, 3]", e.Message);
    }

    [Fact]
    public void Evaluator_counts_predictions_by_true_and_predicted_class()
    {
        using GpuContext gpu = GpuContext.Create(GpuBackend.Cpu);
        byte[] labels = [0, 1, 2, 3, 3, 3, 9];
        Data.DatasetSplit split = new("test", new byte[labels.Length * 4], labels, labels.Length, 2, 2);
        using DeviceSplit test = DeviceSplit.Upload(gpu, split);
        using Network network = new(gpu, inputs: 4, hidden: 2, classes: 10);

        // Zero weights and a bias that favours class 3: every image is predicted to be a 3.
        float[] parameters = new float[network.Parameters.Length];
        parameters[network.Slots.Single(s => s.Name == "fc2.bias").Offset + 3] = 1;
        network.Parameters.CopyFrom(parameters);
        using GpuStream stream = gpu.CreateStream();
        using Evaluator evaluator = new(stream, network, test);

        Evaluation evaluation = evaluator.Evaluate();

        Assert.Equal(7, evaluation.Total);
        Assert.Equal(3, evaluation.Correct);
        Assert.Equal(3.0 / 7, evaluation.Accuracy, 12);
        Assert.Equal(1, evaluation.Confusion[9, 3]);
        Assert.Equal(3, evaluation.Confusion[3, 3]);
        Assert.Equal(0, evaluation.Confusion[9, 9]);
    }
}
