// Host side of NVIDIA/cuda-samples, Samples/5_Domain_Specific/BlackScholes: BlackScholes.cu's inputs (RandFloat ranges),
// launch (DIV_UP(OPT_N / 2, 128) blocks of 128, two options per thread as float2) and check (L1 norm of the call prices
// against BlackScholes_gold.cpp's double-precision BlackScholesCPU below 1e-6), plus the put prices the same way.
using System.Numerics;
using System.Runtime.InteropServices;

namespace GpuDsl.Ported.Tests.BlackScholes;

public sealed class BlackScholesTests(Backends backends)
{
    private const float RISKFREE = 0.02f;
    private const float VOLATILITY = 0.30f;

    [Theory, BackendData]
    public void BlackScholes_matches_the_double_precision_gold(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        // The sample's 4,000,000 options; 8,192 on the CPU backend.
        int OPT_N = Backends.IsCpu(backend) ? 8192 : 4000000;
        Random random = new(5347);
        float RandFloat(float low, float high)
        {
            float t = random.NextSingle();
            return (1.0f - t) * low + t * high;
        }

        float[] h_StockPrice = new float[OPT_N], h_OptionStrike = new float[OPT_N], h_OptionYears = new float[OPT_N];
        for (int i = 0; i < OPT_N; i++)
        {
            h_StockPrice[i] = RandFloat(5.0f, 30.0f);
            h_OptionStrike[i] = RandFloat(1.0f, 100.0f);
            h_OptionYears[i] = RandFloat(0.25f, 10.0f);
        }

        using DeviceBuffer<Vector2> d_StockPrice = gpu.Allocate<Vector2>(MemoryMarshal.Cast<float, Vector2>(h_StockPrice));
        using DeviceBuffer<Vector2> d_OptionStrike = gpu.Allocate<Vector2>(MemoryMarshal.Cast<float, Vector2>(h_OptionStrike));
        using DeviceBuffer<Vector2> d_OptionYears = gpu.Allocate<Vector2>(MemoryMarshal.Cast<float, Vector2>(h_OptionYears));
        using DeviceBuffer<Vector2> d_CallResult = gpu.Allocate<Vector2>(OPT_N / 2), d_PutResult = gpu.Allocate<Vector2>(OPT_N / 2);

        BlackScholesKernels.Launch(((OPT_N / 2) + 127) / 128, 128)
            .BlackScholesGPU(d_CallResult, d_PutResult, d_StockPrice, d_OptionStrike, d_OptionYears, RISKFREE, VOLATILITY, OPT_N);

        float[] h_CallResultGPU = MemoryMarshal.Cast<Vector2, float>(d_CallResult.ToArray()).ToArray();
        float[] h_PutResultGPU = MemoryMarshal.Cast<Vector2, float>(d_PutResult.ToArray()).ToArray();
        float[] h_CallResultCPU = new float[OPT_N], h_PutResultCPU = new float[OPT_N];
        for (int opt = 0; opt < OPT_N; opt++)
            BlackScholesBodyCPU(out h_CallResultCPU[opt], out h_PutResultCPU[opt], h_StockPrice[opt], h_OptionStrike[opt], h_OptionYears[opt], RISKFREE, VOLATILITY);

        Assert.True(L1Norm(h_CallResultCPU, h_CallResultGPU) <= 1e-6, $"call L1 norm {L1Norm(h_CallResultCPU, h_CallResultGPU)}");
        Assert.True(L1Norm(h_PutResultCPU, h_PutResultGPU) <= 1e-6, $"put L1 norm {L1Norm(h_PutResultCPU, h_PutResultGPU)}");
    }

    private static double L1Norm(float[] reference, float[] actual)
    {
        double sum_delta = 0, sum_ref = 0;
        for (int i = 0; i < reference.Length; i++)
        {
            sum_delta += Math.Abs(reference[i] - actual[i]);
            sum_ref += Math.Abs(reference[i]);
        }

        return sum_delta / sum_ref;
    }

    // Polynomial approximation of cumulative normal distribution function
    private static double CND(double d)
    {
        const double A1 = 0.31938153;
        const double A2 = -0.356563782;
        const double A3 = 1.781477937;
        const double A4 = -1.821255978;
        const double A5 = 1.330274429;
        const double RSQRT2PI = 0.39894228040143267793994605993438;
        double K = 1.0 / (1.0 + 0.2316419 * Math.Abs(d));
        double cnd = RSQRT2PI * Math.Exp(-0.5 * d * d) * (K * (A1 + K * (A2 + K * (A3 + K * (A4 + K * A5)))));
        if (d > 0) cnd = 1.0 - cnd;
        return cnd;
    }

    // Black-Scholes formula for both call and put
    private static void BlackScholesBodyCPU(out float callResult, out float putResult, float Sf, float Xf, float Tf, float Rf, float Vf)
    {
        double S = Sf, X = Xf, T = Tf, R = Rf, V = Vf;
        double sqrtT = Math.Sqrt(T);
        double d1 = (Math.Log(S / X) + (R + 0.5 * V * V) * T) / (V * sqrtT);
        double d2 = d1 - V * sqrtT;
        double CNDD1 = CND(d1);
        double CNDD2 = CND(d2);
        // Calculate Call and Put simultaneously
        double expRT = Math.Exp(-R * T);
        callResult = (float)(S * CNDD1 - X * expRT * CNDD2);
        putResult = (float)(X * expRT * (1.0 - CNDD2) - S * (1.0 - CNDD1));
    }
}
