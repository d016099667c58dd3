using GpuDsl;
using Mlp.Model;
using Mlp.Training;

namespace Mlp.Tests;

public sealed class SgdOptimizerTests
{
    [Theory]
    [InlineData(0.01f, 0.9f)]
    [InlineData(0.5f, 0f)]
    public void Three_steps_follow_PyTorch_buf_equals_momentum_buf_plus_grad_then_p_minus_lr_buf(float lr, float momentum)
    {
        using GpuContext gpu = GpuContext.Create(GpuBackend.Cpu);
        using Network network = new(gpu, inputs: 9, hidden: 4, classes: 10);
        using SgdOptimizer sgd = new(network, lr, momentum);
        Random random = new(5);
        int n = network.Parameters.Length;
        float[] p0 = RandomFloats(random, n);
        network.Parameters.CopyFrom(p0);

        double[] p = [.. p0.Select(v => (double)v)], buf = new double[n];
        for (int step = 1; step <= 3; step++)
        {
            float[] grad = RandomFloats(random, n);
            network.Gradients.CopyFrom(grad);
            sgd.Step(gpu.DefaultStream);

            for (int i = 0; i < n; i++)
            {
                buf[i] = momentum * buf[i] + grad[i];
                p[i] -= lr * buf[i];
            }

            if (step == 1)
            {
                // PyTorch's first step clones the gradient into the buffer; a zeroed buffer gives exactly that.
                Assert.Equal(grad, sgd.Velocity.ToArray());
            }

            Tolerance.AssertClose(buf, sgd.Velocity.ToArray(), 1e-6, $"momentum buffer after step {step}");
            Tolerance.AssertClose(p, network.Parameters.ToArray(), 1e-6, $"parameters after step {step}");
        }
    }

    private static float[] RandomFloats(Random random, int count) =>
        [.. Enumerable.Range(0, count).Select(_ => random.NextSingle() * 2 - 1)];
}
