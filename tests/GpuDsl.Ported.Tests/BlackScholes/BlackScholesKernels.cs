// Ported from NVIDIA/cuda-samples, Samples/5_Domain_Specific/BlackScholes/BlackScholes_kernel.cuh (cndGPU,
// BlackScholesBodyGPU, BlackScholesGPU), line by line: float2 is Vector2, make_float2 new Vector2, float& an out
// parameter, __fdividef/__expf/__logf/rsqrtf Gpu.FastDivide/FastExp/FastLog/Rsqrt, fabsf MathF.Abs.
using System.Numerics;

namespace GpuDsl.Ported.Tests.BlackScholes;

public static partial class BlackScholesKernels
{
    // Polynomial approximation of cumulative normal distribution function
    [Device]
    private static float CndGPU(float d)
    {
        const float A1 = 0.31938153f;
        const float A2 = -0.356563782f;
        const float A3 = 1.781477937f;
        const float A4 = -1.821255978f;
        const float A5 = 1.330274429f;
        const float RSQRT2PI = 0.39894228040143267793994605993438f;

        float K = Gpu.FastDivide(1.0f, (1.0f + 0.2316419f * MathF.Abs(d)));

        float cnd = RSQRT2PI * Gpu.FastExp(-0.5f * d * d) * (K * (A1 + K * (A2 + K * (A3 + K * (A4 + K * A5)))));

        if (d > 0) cnd = 1.0f - cnd;

        return cnd;
    }

    // Black-Scholes formula for both call and put
    [Device]
    private static void BlackScholesBodyGPU(out float CallResult, out float PutResult,
        float S, // Stock price
        float X, // Option strike
        float T, // Option years
        float R, // Riskless rate
        float V) // Volatility rate
    {
        float sqrtT, expRT;
        float d1, d2, CNDD1, CNDD2;

        sqrtT = Gpu.FastDivide(1.0F, Gpu.Rsqrt(T));
        d1 = Gpu.FastDivide(Gpu.FastLog(S / X) + (R + 0.5f * V * V) * T, V * sqrtT);
        d2 = d1 - V * sqrtT;

        CNDD1 = CndGPU(d1);
        CNDD2 = CndGPU(d2);

        // Calculate Call and Put simultaneously
        expRT = Gpu.FastExp(-R * T);
        CallResult = S * CNDD1 - X * expRT * CNDD2;
        PutResult = X * expRT * (1.0f - CNDD2) - S * (1.0f - CNDD1);
    }

    // Process an array of optN options on GPU
    [Kernel]
    public static void BlackScholesGPU(Span<Vector2> d_CallResult, Span<Vector2> d_PutResult, ReadOnlySpan<Vector2> d_StockPrice,
        ReadOnlySpan<Vector2> d_OptionStrike, ReadOnlySpan<Vector2> d_OptionYears, float Riskfree, float Volatility, int optN)
    {
        int opt = Gpu.BlockDim.X * Gpu.BlockIdx.X + Gpu.ThreadIdx.X;

        // Calculating 2 options per thread to increase ILP (instruction level
        // parallelism)
        if (opt < (optN / 2))
        {
            float callResult1, callResult2;
            float putResult1, putResult2;
            BlackScholesBodyGPU(out callResult1, out putResult1, d_StockPrice[opt].X, d_OptionStrike[opt].X, d_OptionYears[opt].X, Riskfree, Volatility);
            BlackScholesBodyGPU(out callResult2, out putResult2, d_StockPrice[opt].Y, d_OptionStrike[opt].Y, d_OptionYears[opt].Y, Riskfree, Volatility);
            d_CallResult[opt] = new Vector2(callResult1, callResult2);
            d_PutResult[opt] = new Vector2(putResult1, putResult2);
        }
    }
}
