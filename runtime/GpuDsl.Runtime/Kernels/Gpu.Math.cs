using System.Numerics;

namespace GpuDsl;

/// <summary>
/// CUDA's fast math intrinsics and bit counts. The <c>Fast</c> functions map to the hardware's approximate special
/// function units: several times faster than <see cref="MathF"/>'s, and less accurate, as each one says. On the CPU
/// backend they compute the exact result, so a kernel tested there must allow for the GPU's error.
/// </summary>
public static partial class Gpu
{
    /// <summary>
    /// <c>1 / sqrt(x)</c> (<c>rsqrtf</c>): one instruction instead of a square root and a division, with at most 2 ulp
    /// of error instead of a correctly rounded result.
    /// </summary>
    [CudaIntrinsic("rsqrtf({0})")]
    public static float Rsqrt(float x) => 1f / MathF.Sqrt(x);

    /// <summary>
    /// <c>e^x</c> (<c>__expf</c>): the special function unit's approximation. The error is at most
    /// <c>2 + floor(|1.173 x|)</c> ulp, so it grows with <paramref name="x"/>, and results below about 1e-38 flush to 0.
    /// </summary>
    [CudaIntrinsic("__expf({0})")]
    public static float FastExp(float x) => MathF.Exp(x);

    /// <summary>
    /// <c>ln x</c> (<c>__logf</c>): the special function unit's approximation. For <paramref name="x"/> in [0.5, 2] the
    /// absolute error is at most 2^-21.41; elsewhere the relative error is at most 3 ulp; subnormal inputs count as 0.
    /// </summary>
    [CudaIntrinsic("__logf({0})")]
    public static float FastLog(float x) => MathF.Log(x);

    /// <summary>
    /// <c>sin x</c> (<c>__sinf</c>): the special function unit's approximation. For <paramref name="x"/> in [-π, π] the
    /// absolute error is at most 2^-21.41; outside that range it grows, because the argument is not reduced exactly.
    /// </summary>
    [CudaIntrinsic("__sinf({0})")]
    public static float FastSin(float x) => MathF.Sin(x);

    /// <summary>
    /// <c>cos x</c> (<c>__cosf</c>): the special function unit's approximation. For <paramref name="x"/> in [-π, π] the
    /// absolute error is at most 2^-21.19; outside that range it grows, because the argument is not reduced exactly.
    /// </summary>
    [CudaIntrinsic("__cosf({0})")]
    public static float FastCos(float x) => MathF.Cos(x);

    /// <summary>
    /// <c>x / y</c> (<c>__fdividef</c>): a reciprocal and a multiply, with at most 2 ulp of error for
    /// <c>|y|</c> in [2^-126, 2^126]. For <c>|y|</c> between 2^126 and 2^128 it returns 0 (and NaN for an infinite
    /// <paramref name="x"/>), where an exact division would not.
    /// </summary>
    [CudaIntrinsic("__fdividef({0}, {1})")]
    public static float FastDivide(float x, float y) => x / y;

    /// <summary>
    /// <paramref name="x"/> clamped to [0, 1] (<c>__saturatef</c>), with NaN giving 0. It trades nothing: it is exact,
    /// and often free as an instruction modifier.
    /// </summary>
    [CudaIntrinsic("__saturatef({0})")]
    public static float Saturate(float x) => float.IsNaN(x) ? 0f : Math.Clamp(x, 0f, 1f);

    /// <summary>The number of bits set (<c>__popc</c>). Exact; one instruction.</summary>
    [CudaIntrinsic("__popc((unsigned int)({0}))")]
    public static int PopCount(uint x) => BitOperations.PopCount(x);

    /// <inheritdoc cref="PopCount(uint)"/>
    [CudaIntrinsic("__popc((unsigned int)({0}))")]
    public static int PopCount(int x) => BitOperations.PopCount((uint)x);

    /// <summary>The number of bits set (<c>__popcll</c>). Exact; one instruction.</summary>
    [CudaIntrinsic("__popcll((unsigned long long)({0}))")]
    public static int PopCount(ulong x) => BitOperations.PopCount(x);

    /// <inheritdoc cref="PopCount(ulong)"/>
    [CudaIntrinsic("__popcll((unsigned long long)({0}))")]
    public static int PopCount(long x) => BitOperations.PopCount((ulong)x);

    /// <summary>The number of zero bits above the highest set bit, 32 for 0 (<c>__clz</c>). Exact; one instruction.</summary>
    [CudaIntrinsic("__clz((int)({0}))")]
    public static int LeadingZeroCount(uint x) => BitOperations.LeadingZeroCount(x);

    /// <inheritdoc cref="LeadingZeroCount(uint)"/>
    [CudaIntrinsic("__clz((int)({0}))")]
    public static int LeadingZeroCount(int x) => BitOperations.LeadingZeroCount((uint)x);

    /// <summary>The number of zero bits above the highest set bit, 64 for 0 (<c>__clzll</c>). Exact; one instruction.</summary>
    [CudaIntrinsic("__clzll((long long)({0}))")]
    public static int LeadingZeroCount(ulong x) => BitOperations.LeadingZeroCount(x);

    /// <inheritdoc cref="LeadingZeroCount(ulong)"/>
    [CudaIntrinsic("__clzll((long long)({0}))")]
    public static int LeadingZeroCount(long x) => BitOperations.LeadingZeroCount((ulong)x);
}
