using GpuDsl;
using Mlp.Kernels;
using Mlp.Data;
using Mlp.Model;
using Mlp.Training;

namespace Mlp.Tests;

/// <summary>
/// Every kernel of the forward and backward pass, run on the CPU backend, against double precision: gradients against
/// central finite differences of the forward computation, products against the product computed in double. Shapes are
/// deliberately odd: not multiples of the 32-wide tiles, the 98 inputs of a forward slice, the 128 rows of a weight
/// gradient pass, or the 4 rows of an output-layer block. Both kernel sets (<see cref="KernelSet"/>) are checked.
/// </summary>
public sealed class GradientCheckTests : IDisposable
{
    // Float kernels summing a handful of terms against a double reference: rounding is near 1e-7 of the scale.
    private const double Relative = 1e-5;

    private readonly GpuContext _gpu = GpuContext.Create(GpuBackend.Cpu);
    private readonly Random _random = new(12345);

    public void Dispose() => _gpu.Dispose();

    [Theory]
    [InlineData(7, 19, 6)]      // one slice, one tile, mostly empty
    [InlineData(37, 250, 45)]   // three slices (the last 54 wide), two tiles of rows and of outputs, both partial
    public void Split_forward_products_add_up_to_the_layer_product(int rows, int inFeatures, int outFeatures)
    {
        float[] x = RandomFloats(rows * inFeatures), w = RandomFloats(outFeatures * inFeatures);
        int slices = LaunchShapes.Slices(inFeatures);
        using DeviceBuffer<float> dx = _gpu.Allocate<float>(x), dw = _gpu.Allocate<float>(w);
        using DeviceBuffer<float> partials = _gpu.Allocate<float>(slices * rows * outFeatures);

        MlpKernels.Launch(LaunchShapes.ForwardGrid(rows, inFeatures, outFeatures), LaunchShapes.TileBlock)
            .LinearForwardSplitK(dx, dw, partials, rows, inFeatures, outFeatures);

        float[] p = partials.ToArray();
        float[] sum = new float[rows * outFeatures];
        for (int s = 0; s < slices; s++)
        {
            for (int i = 0; i < sum.Length; i++) sum[i] += p[s * sum.Length + i];
        }

        double[] expected = LinearOutput(ToDouble(x), ToDouble(w), new double[outFeatures], rows, inFeatures, outFeatures);
        Assert.Equal((inFeatures + MlpKernels.SliceDepth - 1) / MlpKernels.SliceDepth, slices);
        Tolerance.AssertClose(expected, sum, Relative, "Σ partials");
    }

    [Theory]
    [InlineData(KernelSet.Fused)]
    [InlineData(KernelSet.Simple)]
    public void Weight_and_bias_gradients_match_finite_differences_of_the_linear_layer(KernelSet kernels)
    {
        const int rows = 7, inFeatures = 19, outFeatures = 6;
        float[] x = RandomFloats(rows * inFeatures), w = RandomFloats(outFeatures * inFeatures), b = RandomFloats(outFeatures);
        float[] g = RandomFloats(rows * outFeatures);
        (float[] dw, float[] db) = WeightGrad(kernels, g, x, rows, inFeatures, outFeatures);

        // f(W, b) = Σ G ⊙ (X·Wᵀ + b): its gradient is what the layer's weight and bias gradients are, given G upstream.
        double F(double[] wd, double[] bd) =>
            LinearOutput(ToDouble(x), wd, bd, rows, inFeatures, outFeatures).Select((v, i) => v * g[i]).Sum();
        double[] wRef = FiniteDifferences(ToDouble(w), wd => F(wd, ToDouble(b)), step: 1e-3);
        double[] bRef = FiniteDifferences(ToDouble(b), bd => F(ToDouble(w), bd), step: 1e-3);

        Tolerance.AssertClose(wRef, dw, Relative, "weightGrad");
        Tolerance.AssertClose(bRef, db, Relative, "biasGrad");
    }

    [Theory]
    [InlineData(KernelSet.Fused)]
    [InlineData(KernelSet.Simple)]
    public void Weight_and_bias_gradients_sum_over_batches_longer_than_one_pass_and_partial_tiles(KernelSet kernels)
    {
        const int rows = 300, inFeatures = 45, outFeatures = 35; // three passes of rows, two tiles each way
        float[] x = RandomFloats(rows * inFeatures), g = RandomFloats(rows * outFeatures);
        (float[] dw, float[] db) = WeightGrad(kernels, g, x, rows, inFeatures, outFeatures);

        double[] wRef = new double[outFeatures * inFeatures], bRef = new double[outFeatures];
        for (int r = 0; r < rows; r++)
        {
            for (int o = 0; o < outFeatures; o++)
            {
                bRef[o] += g[r * outFeatures + o];
                for (int i = 0; i < inFeatures; i++) wRef[o * inFeatures + i] += (double)g[r * outFeatures + o] * x[r * inFeatures + i];
            }
        }

        Tolerance.AssertClose(wRef, dw, Relative, "weightGrad");
        Tolerance.AssertClose(bRef, db, Relative, "biasGrad");
    }

    [Fact]
    public void Output_layer_kernels_finish_the_hidden_layer_and_match_finite_differences_of_the_mean_loss()
    {
        const int rows = 13, hidden = 19, classes = 10, slices = 3; // two blocks of rows, the second partial
        float[] partials = RandomFloats(slices * rows * hidden), b1 = RandomFloats(hidden);
        float[] w2 = RandomFloats(classes * hidden), b2 = RandomFloats(classes);
        int[] labels = [.. Enumerable.Range(0, rows).Select(_ => _random.Next(classes))];

        // The pre-activation the kernel sees, kept away from ReLU's kink so that a finite-difference step never crosses it.
        double[] a = new double[rows * hidden];
        for (int e = 0; e < a.Length; e++)
        {
            int r = e / hidden, j = e % hidden;
            float sum = b1[j];
            for (int s = 0; s < slices; s++) sum += partials[(s * rows + r) * hidden + j];
            if (MathF.Abs(sum) < 0.05f)
            {
                partials[r * hidden + j] += 0.1f; // slice 0
                sum += 0.1f;
            }

            a[e] = sum;
        }

        using DeviceBuffer<float> dPartials = _gpu.Allocate<float>(partials), dB1 = _gpu.Allocate<float>(b1);
        using DeviceBuffer<float> dW2 = _gpu.Allocate<float>(w2), dB2 = _gpu.Allocate<float>(b2);
        using DeviceBuffer<int> dLabels = _gpu.Allocate<int>(labels);
        using DeviceBuffer<float> h = _gpu.Allocate<float>(rows * hidden), z = _gpu.Allocate<float>(rows * classes);
        using DeviceBuffer<float> loss = _gpu.Allocate<float>(rows), dz = _gpu.Allocate<float>(rows * classes);
        using DeviceBuffer<float> dh = _gpu.Allocate<float>(rows * hidden);
        using DeviceBuffer<float> hForward = _gpu.Allocate<float>(rows * hidden), zForward = _gpu.Allocate<float>(rows * classes);

        int blocks = LaunchShapes.OutputGrid(rows), shared = LaunchShapes.OutputSharedBytes(hidden, classes);
        MlpKernels.Launch(blocks, MlpKernels.OutputThreads, shared)
            .OutputLayerForwardBackward(dPartials, slices, dB1, dW2, dB2, dLabels, h, z, loss, dz, dh, rows, hidden, classes);
        MlpKernels.Launch(blocks, MlpKernels.OutputThreads, shared)
            .OutputLayerForward(dPartials, slices, dB1, dW2, dB2, hForward, zForward, rows, hidden, classes);

        double[] hRef = [.. a.Select(v => Math.Max(v, 0))];
        double[] zRef = LinearOutput(hRef, ToDouble(w2), ToDouble(b2), rows, hidden, classes);
        double RowLoss(double[] logits, int r) => ReferenceMlp.CrossEntropy(logits[(r * classes)..((r + 1) * classes)], labels[r]);
        double MeanLoss(double[] logits) => Enumerable.Range(0, rows).Sum(r => RowLoss(logits, r)) / rows;
        double[] dzRef = FiniteDifferences(zRef, MeanLoss, step: 1e-5);
        double[] dhRef = FiniteDifferences(a, ad =>
            MeanLoss(LinearOutput([.. ad.Select(v => Math.Max(v, 0))], ToDouble(w2), ToDouble(b2), rows, hidden, classes)), step: 1e-5);

        Tolerance.AssertClose(hRef, h.ToArray(), Relative, "hidden");
        Tolerance.AssertClose(zRef, z.ToArray(), Relative, "logits");
        Tolerance.AssertClose([.. Enumerable.Range(0, rows).Select(r => RowLoss(zRef, r))], loss.ToArray(), Relative, "rowLoss");
        Tolerance.AssertClose(dzRef, dz.ToArray(), Relative, "logitsGrad");
        Tolerance.AssertClose(dhRef, dh.ToArray(), Relative, "hiddenGrad");
        Assert.Contains(dhRef, v => v == 0); // the ReLU mask had something to do
        Assert.Equal(h.ToArray(), hForward.ToArray());
        Assert.Equal(z.ToArray(), zForward.ToArray());
    }

    [Theory]
    [InlineData(KernelSet.Fused)]
    [InlineData(KernelSet.Simple)]
    public void Training_step_gradients_match_finite_differences_of_the_loss_for_every_parameter(KernelSet kernels)
    {
        const int height = 10, width = 11, hidden = 5, classes = 10, rows = 6; // 110 inputs: two forward slices
        byte[] images = new byte[rows * height * width];
        _random.NextBytes(images);
        byte[] labelBytes = [.. Enumerable.Range(0, rows).Select(_ => (byte)_random.Next(classes))];
        DatasetSplit split = new("train", images, labelBytes, rows, height, width);
        using DeviceSplit data = DeviceSplit.Upload(_gpu, split);
        using Network network = new(_gpu, split.Pixels, hidden, classes);
        network.Initialize(seed: 3);
        using GpuStream stream = _gpu.CreateStream();
        using SgdOptimizer sgd = new(network, 0.1f, 0.9f);
        using TrainingStep step = new(stream, network, sgd, data, rows, useGraphs: false, kernels);
        double[] p = ToDouble(network.Parameters.ToArray());

        step.BeginEpoch([.. Enumerable.Range(0, rows)]);
        step.Run(rows);
        double loss = step.TakeLossSum();

        ReferenceMlp reference = new(split.Pixels, hidden, classes);
        double[][] xd = [.. Enumerable.Range(0, rows).Select(r => images[(r * split.Pixels)..((r + 1) * split.Pixels)].Select(ReferenceMlp.Normalize).ToArray())];
        int[] y = [.. labelBytes.Select(l => (int)l)];
        double[] fd = FiniteDifferences(p, pd => reference.Loss(pd, xd, y), step: 1e-5);

        Assert.Equal(2, network.Fc1.ForwardSlices);
        Tolerance.AssertClose(reference.Loss(p, xd, y), loss, 1e-5, "loss");
        Tolerance.AssertClose(fd, network.Gradients.ToArray(), 1e-4, "gradients");
        Tolerance.AssertClose(fd, ToFloat(reference.LossAndGradient(p, xd, y).Gradient), 1e-6, "reference backpropagation");
    }

    /// <summary>
    /// The weight and bias gradients of a layer with input <paramref name="x"/> and output gradient <paramref name="g"/>:
    /// the simple set's two kernels, or the fused set's <see cref="MlpKernels.LinearGradientsSgd"/> with the layer as fc1
    /// of a small network (fc2's gradients from zeros), which must also have applied SGD and done the step's bookkeeping.
    /// </summary>
    private (float[] WeightGrad, float[] BiasGrad) WeightGrad(KernelSet kernels, float[] g, float[] x, int rows, int inFeatures, int outFeatures)
    {
        using DeviceBuffer<float> dx = _gpu.Allocate<float>(x), dg = _gpu.Allocate<float>(g);
        if (kernels == KernelSet.Simple)
        {
            using DeviceBuffer<float> dw = _gpu.Allocate<float>(outFeatures * inFeatures), db = _gpu.Allocate<float>(outFeatures);
            (Dim3 grid, Dim3 block) = LaunchShapes.Matrix(inFeatures, outFeatures);
            MlpKernels.Launch(grid, block).LinearWeightGrad(dg, dx, dw, rows, inFeatures, outFeatures);
            MlpKernels.Launch(LaunchShapes.OnePerItem(outFeatures), LaunchShapes.Threads).LinearBiasGrad(dg, db, rows, outFeatures);
            return (dw.ToArray(), db.ToArray());
        }

        const int classes = 3;
        const float learningRate = 0.5f, momentum = 0.9f;
        using Network network = new(_gpu, inFeatures, outFeatures, classes);
        network.Initialize(seed: 5);
        float[] p0 = network.Parameters.ToArray();
        float[] v0 = RandomFloats(p0.Length);
        using DeviceBuffer<float> velocity = _gpu.Allocate<float>(v0);
        using DeviceBuffer<float> hidden = _gpu.Allocate<float>(rows * outFeatures), logitsGrad = _gpu.Allocate<float>(rows * classes);
        hidden.Clear();
        logitsGrad.Clear();
        float[] rowLoss = RandomFloats(rows);
        using DeviceBuffer<float> dRowLoss = _gpu.Allocate<float>(rowLoss);
        using DeviceBuffer<double> lossSum = _gpu.Allocate<double>([0.25]);
        using DeviceBuffer<int> cursor = _gpu.Allocate<int>([7]);

        MlpKernels.Launch(LaunchShapes.GradientBlocks(inFeatures, outFeatures, classes), LaunchShapes.TileBlock)
            .LinearGradientsSgd(dx, dg, hidden, logitsGrad, network.Parameters, network.Gradients, velocity, learningRate, momentum,
                dRowLoss, lossSum, cursor, rows, inFeatures, outFeatures, classes);

        float[] gradients = network.Gradients.ToArray(), p1 = network.Parameters.ToArray(), v1 = velocity.ToArray();
        for (int i = 0; i < p0.Length; i++)
        {
            float buf = momentum * v0[i] + gradients[i];
            Assert.Equal(buf, v1[i]);
            Assert.Equal(p0[i] - learningRate * buf, p1[i]);
        }

        int weights = outFeatures * inFeatures;
        Assert.All(gradients[(weights + outFeatures)..], v => Assert.Equal(0f, v)); // fc2's, from zeros
        Assert.Equal(0.25 + rowLoss.Sum(v => (double)v) / rows, lossSum.ToArray()[0], 1e-12);
        Assert.Equal(7 + rows, cursor.ToArray()[0]);
        return (gradients[..weights], gradients[weights..(weights + outFeatures)]);
    }

    /// <summary>Central differences of <paramref name="f"/> at <paramref name="point"/>, one coordinate at a time.</summary>
    private static double[] FiniteDifferences(double[] point, Func<double[], double> f, double step)
    {
        double[] gradient = new double[point.Length];
        for (int i = 0; i < point.Length; i++)
        {
            double saved = point[i];
            point[i] = saved + step;
            double up = f(point);
            point[i] = saved - step;
            double down = f(point);
            point[i] = saved;
            gradient[i] = (up - down) / (2 * step);
        }

        return gradient;
    }

    /// <summary><c>X·Wᵀ + b</c> in double, row-major [rows, out].</summary>
    private static double[] LinearOutput(double[] x, double[] w, double[] b, int rows, int inFeatures, int outFeatures)
    {
        double[] y = new double[rows * outFeatures];
        for (int r = 0; r < rows; r++)
        {
            for (int o = 0; o < outFeatures; o++)
            {
                double s = b[o];
                for (int i = 0; i < inFeatures; i++) s += x[r * inFeatures + i] * w[o * inFeatures + i];
                y[r * outFeatures + o] = s;
            }
        }

        return y;
    }

    private float[] RandomFloats(int count) => [.. Enumerable.Range(0, count).Select(_ => _random.NextSingle() * 2 - 1)];

    private static double[] ToDouble(float[] values) => [.. values.Select(v => (double)v)];

    private static float[] ToFloat(double[] values) => [.. values.Select(v => (float)v)];
}
