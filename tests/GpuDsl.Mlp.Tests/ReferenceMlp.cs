namespace Mlp.Tests;

/// <summary>
/// The network and its training step in plain C# and double precision: what the kernels are checked against. The
/// parameters are one flat array in the layout of <see cref="Model.Network.Slots"/>: fc1.weight [hidden, inputs],
/// fc1.bias [hidden], fc2.weight [classes, hidden], fc2.bias [classes].
/// </summary>
internal sealed class ReferenceMlp(int inputs, int hidden, int classes)
{
    public int Inputs => inputs;

    public int Hidden => hidden;

    public int Classes => classes;

    public int ParameterCount => hidden * inputs + hidden + classes * hidden + classes;

    private int B1 => hidden * inputs;

    private int W2 => B1 + hidden;

    private int B2 => W2 + classes * hidden;

    /// <summary>torchvision's ToTensor then Normalize(0.5, 0.5), in double.</summary>
    public static double Normalize(byte pixel) => (pixel / 255.0 - 0.5) / 0.5;

    /// <summary>The mean cross-entropy of the batch.</summary>
    public double Loss(double[] p, double[][] x, int[] y) => Forward(p, x, y).Loss;

    /// <summary>The loss and its gradient for every parameter, by backpropagation.</summary>
    public (double Loss, double[] Gradient) LossAndGradient(double[] p, double[][] x, int[] y)
    {
        (double loss, double[][] h, double[][] z) = Forward(p, x, y);
        int rows = x.Length;
        double[] g = new double[ParameterCount];
        for (int r = 0; r < rows; r++)
        {
            double[] dz = SoftmaxMinusOneHot(z[r], y[r]);
            double[] dh = new double[hidden];
            for (int c = 0; c < classes; c++)
            {
                double d = dz[c] / rows;
                g[B2 + c] += d;
                for (int j = 0; j < hidden; j++)
                {
                    g[W2 + c * hidden + j] += d * h[r][j];
                    dh[j] += d * p[W2 + c * hidden + j];
                }
            }

            for (int j = 0; j < hidden; j++)
            {
                if (h[r][j] <= 0) continue;
                g[B1 + j] += dh[j];
                for (int i = 0; i < inputs; i++) g[j * inputs + i] += dh[j] * x[r][i];
            }
        }

        return (loss, g);
    }

    /// <summary>PyTorch's SGD with momentum: <c>buf = momentum * buf + grad; p -= lr * buf</c>.</summary>
    public static void SgdStep(double[] p, double[] buf, double[] grad, double lr, double momentum)
    {
        for (int i = 0; i < p.Length; i++)
        {
            buf[i] = momentum * buf[i] + grad[i];
            p[i] -= lr * buf[i];
        }
    }

    private (double Loss, double[][] Hidden, double[][] Logits) Forward(double[] p, double[][] x, int[] y)
    {
        int rows = x.Length;
        double[][] h = new double[rows][], z = new double[rows][];
        double loss = 0;
        for (int r = 0; r < rows; r++)
        {
            h[r] = new double[hidden];
            for (int j = 0; j < hidden; j++)
            {
                double s = p[B1 + j];
                for (int i = 0; i < inputs; i++) s += p[j * inputs + i] * x[r][i];
                h[r][j] = Math.Max(s, 0);
            }

            z[r] = new double[classes];
            for (int c = 0; c < classes; c++)
            {
                double s = p[B2 + c];
                for (int j = 0; j < hidden; j++) s += p[W2 + c * hidden + j] * h[r][j];
                z[r][c] = s;
            }

            loss += CrossEntropy(z[r], y[r]);
        }

        return (loss / rows, h, z);
    }

    public static double CrossEntropy(double[] z, int label)
    {
        double max = z.Max();
        return Math.Log(z.Sum(v => Math.Exp(v - max))) - (z[label] - max);
    }

    private static double[] SoftmaxMinusOneHot(double[] z, int label)
    {
        double max = z.Max();
        double sum = z.Sum(v => Math.Exp(v - max));
        double[] d = [.. z.Select(v => Math.Exp(v - max) / sum)];
        d[label] -= 1;
        return d;
    }
}
