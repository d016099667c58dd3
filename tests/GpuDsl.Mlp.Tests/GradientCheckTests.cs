using GpuDsl;
using Mlp.Kernels;
using Mlp.Model;

namespace Mlp.Tests;

/// <summary>
/// Every backward kernel, run on the CPU backend, against central finite differences of the forward computation in
/// double precision. Shapes are small and deliberately odd (not multiples of the 4-way unrolling or the 16-wide tiles).
/// </summary>
public sealed class GradientCheckTests : IDisposable
{
    private const int Rows = 7, In = 19, Out = 6;

    // Float kernels summing a handful of terms against a double reference: rounding is near 1e-7 of the scale.
    private const double Relative = 1e-5;

    private readonly GpuContext _gpu = GpuContext.Create(GpuBackend.Cpu);
    private readonly Random _random = new(12345);

    public void Dispose() => _gpu.Dispose();

    [Fact]
    public void Weight_and_bias_gradients_match_finite_differences_of_the_linear_layer()
    {
        float[] x = RandomFloats(Rows * In), w = RandomFloats(Out * In), b = RandomFloats(Out), g = RandomFloats(Rows * Out);
        using DeviceBuffer<float> dx = _gpu.Allocate<float>(x), dg = _gpu.Allocate<float>(g);
        using DeviceBuffer<float> dw = _gpu.Allocate<float>(Out * In), db = _gpu.Allocate<float>(Out);

        (Dim3 grid, Dim3 block) = LaunchShapes.Matrix(In, Out);
        MlpKernels.Launch(grid, block).LinearWeightGrad(dg, dx, dw, Rows, In, Out);
        MlpKernels.Launch(LaunchShapes.OnePerItem(Out), LaunchShapes.Threads).LinearBiasGrad(dg, db, Rows, Out);

        // f(W, b) = Σ G ⊙ (X·Wᵀ + b): its gradient is what the layer's weight and bias gradients are, given G upstream.
        double F(double[] wd, double[] bd) => LinearOutput(ToDouble(x), wd, bd, Rows, In, Out).Select((v, i) => v * g[i]).Sum();
        double[] wRef = FiniteDifferences(ToDouble(w), wd => F(wd, ToDouble(b)), step: 1e-3);
        double[] bRef = FiniteDifferences(ToDouble(b), bd => F(ToDouble(w), bd), step: 1e-3);

        Tolerance.AssertClose(wRef, dw.ToArray(), Relative, "weightGrad");
        Tolerance.AssertClose(bRef, db.ToArray(), Relative, "biasGrad");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Input_gradient_matches_finite_differences_with_and_without_the_fused_relu(bool reluMask)
    {
        // Pre-activations kept away from ReLU's kink, so that a finite-difference step never crosses it.
        float[] z = [.. RandomFloats(Rows * In).Select(v => MathF.CopySign(MathF.Abs(v) + 0.05f, v))];
        float[] input = reluMask ? [.. z.Select(v => MathF.Max(v, 0))] : z;
        float[] w = RandomFloats(Out * In), b = RandomFloats(Out), g = RandomFloats(Rows * Out);
        using DeviceBuffer<float> dInput = _gpu.Allocate<float>(input), dw = _gpu.Allocate<float>(w), dg = _gpu.Allocate<float>(g);
        using DeviceBuffer<float> dz = _gpu.Allocate<float>(Rows * In);

        (Dim3 grid, Dim3 block) = LaunchShapes.Matrix(In, Rows);
        MlpKernels.Launch(grid, block).LinearInputGrad(dg, dw, dInput, dz, Rows, In, Out, reluMask);

        // f(Z) = Σ G ⊙ (act(Z)·Wᵀ + b), act being ReLU when the mask is fused in and the identity otherwise.
        double F(double[] zd) =>
            LinearOutput([.. zd.Select(v => reluMask ? Math.Max(v, 0) : v)], ToDouble(w), ToDouble(b), Rows, In, Out)
                .Select((v, i) => v * g[i]).Sum();
        double[] zRef = FiniteDifferences(ToDouble(z), F, step: 1e-4);

        Tolerance.AssertClose(zRef, dz.ToArray(), Relative, "inputGrad");
        if (reluMask)
        {
            Assert.Contains(zRef, v => v == 0); // the mask had something to do
        }
    }

    [Fact]
    public void Softmax_cross_entropy_gradient_and_losses_match_finite_differences_of_the_mean_loss()
    {
        const int classes = 10;
        float[] logits = [.. RandomFloats(Rows * classes).Select(v => 3 * v)];
        int[] labels = [.. Enumerable.Range(0, Rows).Select(_ => _random.Next(classes))];
        using DeviceBuffer<float> dLogits = _gpu.Allocate<float>(logits), loss = _gpu.Allocate<float>(Rows);
        using DeviceBuffer<float> grad = _gpu.Allocate<float>(Rows * classes);
        using DeviceBuffer<int> dLabels = _gpu.Allocate<int>(labels);

        MlpKernels.Launch(LaunchShapes.OnePerItem(Rows), LaunchShapes.Threads)
            .SoftmaxCrossEntropy(dLogits, dLabels, loss, grad, Rows, classes);

        double RowLoss(double[] z, int r) => ReferenceMlp.CrossEntropy(z[(r * classes)..((r + 1) * classes)], labels[r]);
        double Mean(double[] z) => Enumerable.Range(0, Rows).Sum(r => RowLoss(z, r)) / Rows;
        double[] gradRef = FiniteDifferences(ToDouble(logits), Mean, step: 1e-5);

        Tolerance.AssertClose(gradRef, grad.ToArray(), Relative, "logitsGrad");
        Tolerance.AssertClose([.. Enumerable.Range(0, Rows).Select(r => RowLoss(ToDouble(logits), r))], loss.ToArray(), Relative, "rowLoss");
    }

    [Fact]
    public void Network_backward_pass_matches_finite_differences_of_the_loss_for_every_parameter()
    {
        const int inputs = 11, hidden = 5, classes = 10, rows = 6;
        using Network network = new(_gpu, inputs, hidden, classes);
        network.Initialize(seed: 3);
        using Model.Activations batch = new(_gpu, network, rows);
        float[] x = RandomFloats(rows * inputs);
        int[] y = [.. Enumerable.Range(0, rows).Select(_ => _random.Next(classes))];
        batch.Input.CopyFrom(x);
        batch.Labels.CopyFrom(y);

        GpuStream stream = _gpu.DefaultStream;
        network.Forward(stream, batch, rows);
        MlpKernels.Launch(1, LaunchShapes.Threads, 0, stream)
            .SoftmaxCrossEntropy(batch.Logits, batch.Labels, batch.RowLoss, batch.LogitsGrad, rows, classes);
        network.Backward(stream, batch, rows);

        ReferenceMlp reference = new(inputs, hidden, classes);
        double[][] xd = [.. Enumerable.Range(0, rows).Select(r => ToDouble(x[(r * inputs)..((r + 1) * inputs)]))];
        double[] p = ToDouble(network.Parameters.ToArray());
        double[] fd = FiniteDifferences(p, pd => reference.Loss(pd, xd, y), step: 1e-5);

        Tolerance.AssertClose(fd, network.Gradients.ToArray(), 1e-4, "gradients");
        Tolerance.AssertClose(fd, ToFloat(reference.LossAndGradient(p, xd, y).Gradient), 1e-6, "reference backpropagation");
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
