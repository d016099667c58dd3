using System.Collections.Generic;
using System.Linq;

namespace GpuDsl.Generator.Mappings;

/// <summary>
/// Small device functions that give .NET's answer where CUDA's built-in differs, emitted at the top of a module only
/// when one of its functions uses them.
/// </summary>
internal static partial class CudaPrelude
{
    /// <summary>The helper that includes <c>cuda_fp16.h</c> (built into NVRTC since CUDA 12) for <c>System.Half</c>.</summary>
    public const string Fp16 = "cuda_fp16";

    /// <summary>The helper that includes <c>cuda_bf16.h</c> (in the toolkit's include directory, which NVRTC is given) for <c>GpuDsl.BFloat16</c>.</summary>
    public const string Bf16 = "cuda_bf16";

    /// <summary>The helper that checked mode's span accesses call, with the module's fault record.</summary>
    public const string CheckedIndex = "gpudsl_check";

    /// <summary>The helper with C#'s operators on <c>System.Numerics.Vector2/3/4</c> (CUDA's <c>float2/3/4</c>).</summary>
    public const string Vectors = "gpudsl_vectors";

    /// <summary>The helper with the packed types of <c>Vector2</c>/<c>Vector4</c> fields of user structs (after <see cref="Vectors"/>, whose operators they use).</summary>
    public const string PackedVectors = "gpudsl_packed_vectors";

    private static readonly (string Name, string Code)[] s_helpers =
    {
        (Fp16, """
            // System.Half is CUDA's __half.
            #include <cuda_fp16.h>
            """),
        (Bf16, """
            // GpuDsl.BFloat16 is CUDA's __nv_bfloat16.
            #include <cuda_bf16.h>
            """),
        ("gpudsl_grid_sync", """
            // Gpu.SyncGrid(): a grid-wide barrier, valid in a cooperative launch (which the launcher makes for this kernel).
            #include <cooperative_groups.h>
            static __device__ __forceinline__ void gpudsl_grid_sync() { cooperative_groups::this_grid().sync(); }
            """),
        ("gpudsl_wrap", """
            // unchecked(a + b) on int and long: C# wraps, C++ leaves signed overflow undefined, so compute in unsigned.
            static __device__ __forceinline__ int gpudsl_wrap_add_i32(int x, int y) { return (int)((unsigned int)x + (unsigned int)y); }
            static __device__ __forceinline__ int gpudsl_wrap_sub_i32(int x, int y) { return (int)((unsigned int)x - (unsigned int)y); }
            static __device__ __forceinline__ int gpudsl_wrap_mul_i32(int x, int y) { return (int)((unsigned int)x * (unsigned int)y); }
            static __device__ __forceinline__ long long gpudsl_wrap_add_i64(long long x, long long y) { return (long long)((unsigned long long)x + (unsigned long long)y); }
            static __device__ __forceinline__ long long gpudsl_wrap_sub_i64(long long x, long long y) { return (long long)((unsigned long long)x - (unsigned long long)y); }
            static __device__ __forceinline__ long long gpudsl_wrap_mul_i64(long long x, long long y) { return (long long)((unsigned long long)x * (unsigned long long)y); }
            static __device__ __forceinline__ int gpudsl_wrap_shl_i32(int x, int n) { return (int)((unsigned int)x << n); }
            static __device__ __forceinline__ long long gpudsl_wrap_shl_i64(long long x, int n) { return (long long)((unsigned long long)x << n); }
            """),
        ("gpudsl_step_i32", """
            // unchecked ++x, --x, x++, x-- on an int whose target has side effects or whose old value is used: C#'s
            // wrap-around, with the target evaluated once.
            static __device__ __forceinline__ int gpudsl_step_i32(int& x, int step, bool post) { int old = x; x = (int)((unsigned int)x + (unsigned int)step); return post ? old : x; }
            """),
        ("gpudsl_step_i64", """
            // The same for a long.
            static __device__ __forceinline__ long long gpudsl_step_i64(long long& x, int step, bool post) { long long old = x; x = (long long)((unsigned long long)x + (unsigned long long)(long long)step); return post ? old : x; }
            """),
        ("gpudsl_temporary", """
            // A copy that a struct method may change, as C# copies a value before calling a method that is not readonly on it
            // (a call's result, an 'in' parameter, a readonly field): it lives to the end of the full expression.
            template <typename T> static __device__ __forceinline__ T& gpudsl_temporary(T&& value) { return value; }
            """),
        ("gpudsl_max", """
            // Math.Max: NaN if either input is NaN (CUDA's fmax returns the other input; the general form serves __half, and
            // integers, where x != x is false), and +0 over -0.
            template <typename T> static __device__ __forceinline__ T gpudsl_max(T x, T y) { return x != x ? x : y != y ? y : x > y ? x : y; }
            template <> __device__ __forceinline__ float gpudsl_max<float>(float x, float y) { return x != x ? x : y != y ? y : x == y ? (__float_as_int(x) < 0 ? y : x) : (x > y ? x : y); }
            template <> __device__ __forceinline__ double gpudsl_max<double>(double x, double y) { return x != x ? x : y != y ? y : x == y ? (__double_as_longlong(x) < 0 ? y : x) : (x > y ? x : y); }
            """),
        ("gpudsl_min", """
            // Math.Min: NaN if either input is NaN (CUDA's fmin returns the other input; the general form serves __half, and
            // integers), and -0 over +0.
            template <typename T> static __device__ __forceinline__ T gpudsl_min(T x, T y) { return x != x ? x : y != y ? y : x < y ? x : y; }
            template <> __device__ __forceinline__ float gpudsl_min<float>(float x, float y) { return x != x ? x : y != y ? y : x == y ? (__float_as_int(x) < 0 ? x : y) : (x < y ? x : y); }
            template <> __device__ __forceinline__ double gpudsl_min<double>(double x, double y) { return x != x ? x : y != y ? y : x == y ? (__double_as_longlong(x) < 0 ? x : y) : (x < y ? x : y); }
            """),
        ("gpudsl_clamp", """
            // Math.Clamp, as .NET computes it: below min is min, above max is max, else the value (NaN stays NaN; .NET throws when min > max).
            template <typename T> static __device__ __forceinline__ T gpudsl_clamp(T v, T lo, T hi) { return v < lo ? lo : (v > hi ? hi : v); }
            """),
        ("gpudsl_round_mode", """
            // Math.Round(x, MidpointRounding): ToEven, AwayFromZero, ToZero, ToNegativeInfinity, ToPositiveInfinity.
            static __device__ __forceinline__ float gpudsl_round_mode(float x, int mode) { switch (mode) { case 1: return roundf(x); case 2: return truncf(x); case 3: return floorf(x); case 4: return ceilf(x); default: return rintf(x); } }
            static __device__ __forceinline__ double gpudsl_round_mode(double x, int mode) { switch (mode) { case 1: return round(x); case 2: return trunc(x); case 3: return floor(x); case 4: return ceil(x); default: return rint(x); } }
            """),
        ("gpudsl_round_digits", """
            // Math.Round(x, digits[, mode]) as .NET computes it: scale by 10^digits, round, scale back, below 1e16 (1e8 for float).
            // .NET throws for digits outside 0..15 (0..6 for float); here they are clamped to that range.
            static __device__ __forceinline__ float gpudsl_round_digits(float x, int digits, int mode) { if (fabsf(x) < 1e8f) { float p = 1.0f; for (int i = 0; i < min(max(digits, 0), 6); i++) p *= 10.0f; x = __fdiv_rn(gpudsl_round_mode(__fmul_rn(x, p), mode), p); } return x; }
            static __device__ __forceinline__ double gpudsl_round_digits(double x, int digits, int mode) { if (fabs(x) < 1e16) { double p = 1.0; for (int i = 0; i < min(max(digits, 0), 15); i++) p *= 10.0; x = __ddiv_rn(gpudsl_round_mode(__dmul_rn(x, p), mode), p); } return x; }
            """),
        ("gpudsl_ieee_remainder", """
            // Math.IEEERemainder as .NET computes it (from x % y, choosing between the two candidates by rounding x / y),
            // which differs from C's remainder on some ties and in the sign of a zero result.
            static __device__ __forceinline__ float gpudsl_ieee_remainder(float x, float y) { if (x != x) return x; if (y != y) return y; float m = fmodf(x, y); if (m != m) return m; if (m == 0.0f && __float_as_int(x) < 0) return -0.0f; float s = x > 0.0f ? 1.0f : (x < 0.0f ? -1.0f : 0.0f); float alt = m - fabsf(y) * s; if (fabsf(alt) == fabsf(m)) { float q = x / y; return fabsf(rintf(q)) > fabsf(q) ? alt : m; } return fabsf(alt) < fabsf(m) ? alt : m; }
            static __device__ __forceinline__ double gpudsl_ieee_remainder(double x, double y) { if (x != x) return x; if (y != y) return y; double m = fmod(x, y); if (m != m) return m; if (m == 0.0 && __double_as_longlong(x) < 0) return -0.0; double s = x > 0.0 ? 1.0 : (x < 0.0 ? -1.0 : 0.0); double alt = m - fabs(y) * s; if (fabs(alt) == fabs(m)) { double q = x / y; return fabs(rint(q)) > fabs(q) ? alt : m; } return fabs(alt) < fabs(m) ? alt : m; }
            """),
        ("gpudsl_rotate_left", """
            // BitOperations.RotateLeft: the count is masked to the width, as in .NET.
            static __device__ __forceinline__ unsigned int gpudsl_rotate_left(unsigned int x, int n) { return (x << (n & 31)) | (x >> ((32 - n) & 31)); }
            static __device__ __forceinline__ unsigned long long gpudsl_rotate_left(unsigned long long x, int n) { return (x << (n & 63)) | (x >> ((64 - n) & 63)); }
            """),
        ("gpudsl_rotate_right", """
            // BitOperations.RotateRight: the count is masked to the width, as in .NET.
            static __device__ __forceinline__ unsigned int gpudsl_rotate_right(unsigned int x, int n) { return (x >> (n & 31)) | (x << ((32 - n) & 31)); }
            static __device__ __forceinline__ unsigned long long gpudsl_rotate_right(unsigned long long x, int n) { return (x >> (n & 63)) | (x << ((64 - n) & 63)); }
            """),
        ("gpudsl_rotate_left_bits", """
            // byte.RotateLeft and the other 8- and 16-bit rotates: x zero-extended, the count masked to the width (bits); the caller truncates.
            static __device__ __forceinline__ unsigned int gpudsl_rotate_left_bits(unsigned int x, int n, int bits) { return (x << (n & (bits - 1))) | (x >> ((bits - n) & (bits - 1))); }
            """),
        ("gpudsl_rotate_right_bits", """
            // byte.RotateRight and the other 8- and 16-bit rotates, likewise.
            static __device__ __forceinline__ unsigned int gpudsl_rotate_right_bits(unsigned int x, int n, int bits) { return (x >> (n & (bits - 1))) | (x << ((bits - n) & (bits - 1))); }
            """),
        ("gpudsl_interlocked_add", """
            // Interlocked.Add/Increment/Decrement: atomicAdd, returning the new value as .NET does (CUDA returns the old).
            static __device__ __forceinline__ int gpudsl_interlocked_add(int* p, int v) { return atomicAdd(p, v) + v; }
            static __device__ __forceinline__ unsigned int gpudsl_interlocked_add(unsigned int* p, unsigned int v) { return atomicAdd(p, v) + v; }
            static __device__ __forceinline__ unsigned long long gpudsl_interlocked_add(unsigned long long* p, unsigned long long v) { return atomicAdd(p, v) + v; }
            static __device__ __forceinline__ long long gpudsl_interlocked_add(long long* p, long long v) { return (long long)(atomicAdd((unsigned long long*)p, (unsigned long long)v) + (unsigned long long)v); }
            """),
        ("gpudsl_atomic_cas", """
            // atomicCAS where CUDA has no overload: long long through unsigned long long, float and double through their bits,
            // as CUDA code does (so a NaN compares equal to the same NaN, and 0.0 differs from -0.0, as in .NET).
            static __device__ __forceinline__ long long gpudsl_atomic_cas(long long* p, long long compare, long long value) { return (long long)atomicCAS((unsigned long long*)p, (unsigned long long)compare, (unsigned long long)value); }
            static __device__ __forceinline__ float gpudsl_atomic_cas(float* p, float compare, float value) { return __int_as_float(atomicCAS((int*)p, __float_as_int(compare), __float_as_int(value))); }
            static __device__ __forceinline__ double gpudsl_atomic_cas(double* p, double compare, double value) { return __longlong_as_double((long long)atomicCAS((unsigned long long*)p, (unsigned long long)__double_as_longlong(compare), (unsigned long long)__double_as_longlong(value))); }
            """),
        ("gpudsl_atomic_exch", """
            // atomicExch where CUDA has no overload: long long and double through unsigned long long.
            static __device__ __forceinline__ long long gpudsl_atomic_exch(long long* p, long long value) { return (long long)atomicExch((unsigned long long*)p, (unsigned long long)value); }
            static __device__ __forceinline__ double gpudsl_atomic_exch(double* p, double value) { return __longlong_as_double((long long)atomicExch((unsigned long long*)p, (unsigned long long)__double_as_longlong(value))); }
            """),
        ("gpudsl_atomic_and", """
            // atomicAnd on long long, through unsigned long long.
            static __device__ __forceinline__ long long gpudsl_atomic_and(long long* p, long long value) { return (long long)atomicAnd((unsigned long long*)p, (unsigned long long)value); }
            """),
        ("gpudsl_atomic_or", """
            // atomicOr on long long, through unsigned long long.
            static __device__ __forceinline__ long long gpudsl_atomic_or(long long* p, long long value) { return (long long)atomicOr((unsigned long long*)p, (unsigned long long)value); }
            """),
        ("gpudsl_atomic_xor", """
            // atomicXor on long long, through unsigned long long.
            static __device__ __forceinline__ long long gpudsl_atomic_xor(long long* p, long long value) { return (long long)atomicXor((unsigned long long*)p, (unsigned long long)value); }
            """),
        ("gpudsl_abs", """
            // INumberBase<T>.Abs: fabs for floating point (|-0| is +0, as in .NET), a compare for integers.
            template <typename T> static __device__ __forceinline__ T gpudsl_abs(T x) { return x < (T)0 ? (T)-x : x; }
            template <> __device__ __forceinline__ float gpudsl_abs<float>(float x) { return fabsf(x); }
            template <> __device__ __forceinline__ double gpudsl_abs<double>(double x) { return fabs(x); }
            """),
        ("gpudsl_sqrt", """
            // IRootFunctions<T>.Sqrt.
            static __device__ __forceinline__ float gpudsl_sqrt(float x) { return sqrtf(x); }
            static __device__ __forceinline__ double gpudsl_sqrt(double x) { return sqrt(x); }
            """),
        ("gpudsl_sign", """
            // Math.Sign: -1, 0 or 1. .NET throws ArithmeticException for NaN, which a GPU thread cannot; here NaN gives 0.
            template <typename T> static __device__ __forceinline__ int gpudsl_sign(T x) { return (x > (T)0) - (x < (T)0); }
            """),
        ("gpudsl_isnan", """
            // float.IsNaN, double.IsNaN: a bit test, exact whatever the compiler flags.
            static __device__ __forceinline__ bool gpudsl_isnan(float x) { return (__float_as_uint(x) & 0x7fffffffu) > 0x7f800000u; }
            static __device__ __forceinline__ bool gpudsl_isnan(double x) { return ((unsigned long long)__double_as_longlong(x) & 0x7fffffffffffffffULL) > 0x7ff0000000000000ULL; }
            """),
        ("gpudsl_isinf", """
            // float.IsInfinity, double.IsInfinity.
            static __device__ __forceinline__ bool gpudsl_isinf(float x) { return (__float_as_uint(x) & 0x7fffffffu) == 0x7f800000u; }
            static __device__ __forceinline__ bool gpudsl_isinf(double x) { return ((unsigned long long)__double_as_longlong(x) & 0x7fffffffffffffffULL) == 0x7ff0000000000000ULL; }
            """),
        ("gpudsl_isfinite", """
            // float.IsFinite, double.IsFinite.
            static __device__ __forceinline__ bool gpudsl_isfinite(float x) { return (__float_as_uint(x) & 0x7fffffffu) < 0x7f800000u; }
            static __device__ __forceinline__ bool gpudsl_isfinite(double x) { return ((unsigned long long)__double_as_longlong(x) & 0x7fffffffffffffffULL) < 0x7ff0000000000000ULL; }
            """),
        ("gpudsl_isnegative", """
            // float.IsNegative, double.IsNegative: the sign bit, so true for -0.0 and negative NaNs as in .NET.
            static __device__ __forceinline__ bool gpudsl_isnegative(float x) { return __float_as_int(x) < 0; }
            static __device__ __forceinline__ bool gpudsl_isnegative(double x) { return __double_as_longlong(x) < 0; }
            """),
        ("gpudsl_isnormal", """
            // float.IsNormal, double.IsNormal: neither zero, subnormal, infinite nor NaN.
            static __device__ __forceinline__ bool gpudsl_isnormal(float x) { unsigned int e = (__float_as_uint(x) >> 23) & 0xffu; return e != 0u && e != 0xffu; }
            static __device__ __forceinline__ bool gpudsl_isnormal(double x) { unsigned long long e = ((unsigned long long)__double_as_longlong(x) >> 52) & 0x7ffULL; return e != 0ULL && e != 0x7ffULL; }
            """),
        ("gpudsl_ilogb", """
            // Math.ILogB: CUDA's ilogb gives INT_MIN for NaN, .NET gives int.MaxValue.
            static __device__ __forceinline__ int gpudsl_ilogb(float x) { return x != x ? 2147483647 : ilogbf(x); }
            static __device__ __forceinline__ int gpudsl_ilogb(double x) { return x != x ? 2147483647 : ilogb(x); }
            """),
        ("gpudsl_log_base", """
            // Math.Log(a, newBase), with .NET's special cases before the quotient.
            static __device__ __forceinline__ float gpudsl_log_base(float a, float b) { if (a != a) return a; if (b != b) return b; if (b == 1.0f) return __int_as_float(0x7fc00000); if (a != 1.0f && (b == 0.0f || __float_as_uint(b) == 0x7f800000u)) return __int_as_float(0x7fc00000); return logf(a) / logf(b); }
            static __device__ __forceinline__ double gpudsl_log_base(double a, double b) { if (a != a) return a; if (b != b) return b; if (b == 1.0) return __longlong_as_double(0x7ff8000000000000LL); if (a != 1.0 && (b == 0.0 || __double_as_longlong(b) == 0x7ff0000000000000LL)) return __longlong_as_double(0x7ff8000000000000LL); return log(a) / log(b); }
            """),
        ("gpudsl_to_int8", """
            // (sbyte)x of a wider integer as C# computes it: the low 8 bits, sign-extended by PTX's bfe.s32. (C++17 leaves an
            // out-of-range conversion to a signed type implementation-defined, and NVRTC kept 128 in a signed char; written
            // in C++ as "b < 0x80 ? b : b - 0x100", NVRTC 13.0 still folded (short)-(short)-32768 to +32768.)
            template <typename T> static __device__ __forceinline__ signed char gpudsl_to_int8(T x) { int r; asm("bfe.s32 %0, %1, 0, 8;" : "=r"(r) : "r"((unsigned int)x)); return (signed char)r; }
            """),
        ("gpudsl_to_int16", """
            // (short)x of a wider integer as C# computes it: the low 16 bits, sign-extended by bfe.s32.
            template <typename T> static __device__ __forceinline__ short gpudsl_to_int16(T x) { int r; asm("bfe.s32 %0, %1, 0, 16;" : "=r"(r) : "r"((unsigned int)x)); return (short)r; }
            """),
        ("gpudsl_step_int8", """
            // ++y, --y, y++, y-- on an sbyte whose target has side effects or whose old value is used: C#'s wrap-around,
            // with the target evaluated once.
            static __device__ __forceinline__ signed char gpudsl_step_int8(signed char& y, int step, bool post) { signed char old = y; y = gpudsl_to_int8((int)y + step); return post ? old : y; }
            """),
        ("gpudsl_step_int16", """
            // The same for a short.
            static __device__ __forceinline__ short gpudsl_step_int16(short& y, int step, bool post) { short old = y; y = gpudsl_to_int16((int)y + step); return post ? old : y; }
            """),
        ("gpudsl_scaleb", """
            // Math.ScaleB, MathF.ScaleB as .NET computes them (musl's scalbn, which .NET ports): at most two scalings
            // by a normal power of two, then one by 2^n built from its bits, so only the last step rounds. CUDA's
            // scalbnf gave 0 for ScaleB(-0.004f, 400) where .NET gives -Infinity.
            static __device__ __forceinline__ float gpudsl_scaleb(float x, int n)
            {
                float y = x;
                if (n > 127) { y *= 0x1p127f; n -= 127; if (n > 127) { y *= 0x1p127f; n -= 127; if (n > 127) n = 127; } }
                else if (n < -126) { y *= 0x1p-102f; n += 102; if (n < -126) { y *= 0x1p-102f; n += 102; if (n < -126) n = -126; } }
                return y * __int_as_float((0x7f + n) << 23);
            }
            static __device__ __forceinline__ double gpudsl_scaleb(double x, int n)
            {
                double y = x;
                if (n > 1023) { y *= 0x1p1023; n -= 1023; if (n > 1023) { y *= 0x1p1023; n -= 1023; if (n > 1023) n = 1023; } }
                else if (n < -1022) { y *= 0x1p-969; n += 969; if (n < -1022) { y *= 0x1p-969; n += 969; if (n < -1022) n = -1022; } }
                return y * __longlong_as_double((long long)(0x3ff + n) << 52);
            }
            """),
        ("gpudsl_to_int32", """
            // (int)x for float and double as .NET computes it: truncated toward zero, saturated, and NaN as 0 (CUDA's
            // __float2int_rz saturates too, but gives the minimum for NaN).
            static __device__ __forceinline__ int gpudsl_to_int32(float x) { return x != x ? 0 : __float2int_rz(x); }
            static __device__ __forceinline__ int gpudsl_to_int32(double x) { return x != x ? 0 : __double2int_rz(x); }
            """),
        ("gpudsl_to_uint32", """
            // (uint)x: truncated, saturated (negative to 0), NaN as 0.
            static __device__ __forceinline__ unsigned int gpudsl_to_uint32(float x) { return x != x ? 0u : __float2uint_rz(x); }
            static __device__ __forceinline__ unsigned int gpudsl_to_uint32(double x) { return x != x ? 0u : __double2uint_rz(x); }
            """),
        ("gpudsl_to_int64", """
            // (long)x: truncated, saturated, NaN as 0 (CUDA's __float2ll_rz gives the minimum for NaN).
            static __device__ __forceinline__ long long gpudsl_to_int64(float x) { return x != x ? 0LL : __float2ll_rz(x); }
            static __device__ __forceinline__ long long gpudsl_to_int64(double x) { return x != x ? 0LL : __double2ll_rz(x); }
            """),
        ("gpudsl_to_uint64", """
            // (ulong)x: truncated, saturated (negative to 0), NaN as 0 (CUDA's __float2ull_rz gives 2^63 for NaN).
            static __device__ __forceinline__ unsigned long long gpudsl_to_uint64(float x) { return x != x ? 0ULL : __float2ull_rz(x); }
            static __device__ __forceinline__ unsigned long long gpudsl_to_uint64(double x) { return x != x ? 0ULL : __double2ull_rz(x); }
            """),
        ("gpudsl_max_magnitude", """
            // Math.MaxMagnitude: the input of larger magnitude; NaN wins; on a tie, the positive one.
            static __device__ __forceinline__ float gpudsl_max_magnitude(float x, float y) { float ax = fabsf(x), ay = fabsf(y); if (ax > ay || ax != ax) return x; if (ax == ay) return __float_as_int(x) < 0 ? y : x; return y; }
            static __device__ __forceinline__ double gpudsl_max_magnitude(double x, double y) { double ax = fabs(x), ay = fabs(y); if (ax > ay || ax != ax) return x; if (ax == ay) return __double_as_longlong(x) < 0 ? y : x; return y; }
            """),
        ("gpudsl_min_magnitude", """
            // Math.MinMagnitude: the input of smaller magnitude; NaN wins; on a tie, the negative one.
            static __device__ __forceinline__ float gpudsl_min_magnitude(float x, float y) { float ax = fabsf(x), ay = fabsf(y); if (ax < ay || ax != ax) return x; if (ax == ay) return __float_as_int(x) < 0 ? x : y; return y; }
            static __device__ __forceinline__ double gpudsl_min_magnitude(double x, double y) { double ax = fabs(x), ay = fabs(y); if (ax < ay || ax != ax) return x; if (ax == ay) return __double_as_longlong(x) < 0 ? x : y; return y; }
            """),
        ("gpudsl_max_number", """
            // float.MaxNumber, double.MaxNumber (IEEE maxNum): a NaN input is ignored (x if both are); +0 over -0.
            static __device__ __forceinline__ float gpudsl_max_number(float x, float y) { if (x != y) { if (y == y) return y < x ? x : y; return x; } return __float_as_int(y) < 0 ? x : y; }
            static __device__ __forceinline__ double gpudsl_max_number(double x, double y) { if (x != y) { if (y == y) return y < x ? x : y; return x; } return __double_as_longlong(y) < 0 ? x : y; }
            """),
        ("gpudsl_min_number", """
            // float.MinNumber, double.MinNumber (IEEE minNum): a NaN input is ignored (x if both are); -0 under +0.
            static __device__ __forceinline__ float gpudsl_min_number(float x, float y) { if (x != y) { if (y == y) return x < y ? x : y; return x; } return __float_as_int(x) < 0 ? x : y; }
            static __device__ __forceinline__ double gpudsl_min_number(double x, double y) { if (x != y) { if (y == y) return x < y ? x : y; return x; } return __double_as_longlong(x) < 0 ? x : y; }
            """),
        ("gpudsl_max_magnitude_int", """
            // int.MaxMagnitude and the other signed integers': the magnitudes compared as unsigned (MinValue's is the
            // largest, so it wins as in .NET); on a tie, the positive one.
            template <typename T, typename U> static __device__ __forceinline__ T gpudsl_max_magnitude_int(T x, T y) { U ax = x < (T)0 ? (U)((U)0 - (U)x) : (U)x, ay = y < (T)0 ? (U)((U)0 - (U)y) : (U)y; return ax > ay ? x : ax < ay ? y : (x < (T)0 ? y : x); }
            """),
        ("gpudsl_min_magnitude_int", """
            // int.MinMagnitude and the other signed integers': the magnitudes compared as unsigned; on a tie, the negative one.
            template <typename T, typename U> static __device__ __forceinline__ T gpudsl_min_magnitude_int(T x, T y) { U ax = x < (T)0 ? (U)((U)0 - (U)x) : (U)x, ay = y < (T)0 ? (U)((U)0 - (U)y) : (U)y; return ax < ay ? x : ax > ay ? y : (x < (T)0 ? x : y); }
            """),
        ("gpudsl_is_pow2", """
            // int.IsPow2, BitOperations.IsPow2: exactly one bit set in a positive value (x - 1 only once x > 0).
            template <typename T> static __device__ __forceinline__ bool gpudsl_is_pow2(T x) { return x > (T)0 && (T)(x & (T)(x - (T)1)) == (T)0; }
            """),
        ("gpudsl_half_isnormal", """
            // Half.IsNormal: neither zero, subnormal, infinite nor NaN.
            static __device__ __forceinline__ bool gpudsl_half_isnormal(__half x) { unsigned int e = ((unsigned int)__half_as_ushort(x) >> 10) & 0x1fu; return e != 0u && e != 0x1fu; }
            """),
        ("gpudsl_trailing_zeros", """
            // BitOperations.TrailingZeroCount: __ffs counts from 1 and gives 0 for 0; .NET gives the width for 0.
            static __device__ __forceinline__ int gpudsl_trailing_zeros(unsigned int x) { return x == 0u ? 32 : __ffs((int)x) - 1; }
            static __device__ __forceinline__ int gpudsl_trailing_zeros(unsigned long long x) { return x == 0ULL ? 64 : __ffsll((long long)x) - 1; }
            """),
        ("gpudsl_copysign_int", """
            // int.CopySign and the other signed integers': the magnitude (computed unsigned) with the sign of the second.
            // .NET throws OverflowException for MinValue with a positive sign; here the result is MinValue.
            template <typename T, typename U> static __device__ __forceinline__ T gpudsl_copysign_int(T v, T s) { U a = v < (T)0 ? (U)((U)0 - (U)v) : (U)v; return s < (T)0 ? (T)(U)((U)0 - a) : (T)a; }
            """),
        ("gpudsl_number_isnegative", """
            // T.IsNegative on a type parameter: below zero for integers, the sign bit for float, double and __half (as .NET).
            template <typename T> static __device__ __forceinline__ bool gpudsl_number_isnegative(T x) { return x < (T)0; }
            template <> __device__ __forceinline__ bool gpudsl_number_isnegative<float>(float x) { return __float_as_int(x) < 0; }
            template <> __device__ __forceinline__ bool gpudsl_number_isnegative<double>(double x) { return __double_as_longlong(x) < 0; }
            #ifdef __CUDA_FP16_H__
            template <> __device__ __forceinline__ bool gpudsl_number_isnegative<__half>(__half x) { return __half_as_short(x) < 0; }
            #endif
            """),
        ("gpudsl_number_ispositive", """
            // T.IsPositive on a type parameter: not negative (+0 and positive NaNs too, as in .NET).
            template <typename T> static __device__ __forceinline__ bool gpudsl_number_ispositive(T x) { return !gpudsl_number_isnegative<T>(x); }
            """),
        ("gpudsl_number_isfinite", """
            // T.IsFinite on a type parameter: always for integers, a bit test for float, double and __half.
            template <typename T> static __device__ __forceinline__ bool gpudsl_number_isfinite(T x) { return true; }
            template <> __device__ __forceinline__ bool gpudsl_number_isfinite<float>(float x) { return (__float_as_uint(x) & 0x7fffffffu) < 0x7f800000u; }
            template <> __device__ __forceinline__ bool gpudsl_number_isfinite<double>(double x) { return ((unsigned long long)__double_as_longlong(x) & 0x7fffffffffffffffULL) < 0x7ff0000000000000ULL; }
            #ifdef __CUDA_FP16_H__
            template <> __device__ __forceinline__ bool gpudsl_number_isfinite<__half>(__half x) { return (__half_as_ushort(x) & 0x7fffu) < 0x7c00u; }
            #endif
            """),
        ("gpudsl_number_isnan", """
            // T.IsNaN on a type parameter: never for integers, a bit test for float, double and __half.
            template <typename T> static __device__ __forceinline__ bool gpudsl_number_isnan(T x) { return false; }
            template <> __device__ __forceinline__ bool gpudsl_number_isnan<float>(float x) { return (__float_as_uint(x) & 0x7fffffffu) > 0x7f800000u; }
            template <> __device__ __forceinline__ bool gpudsl_number_isnan<double>(double x) { return ((unsigned long long)__double_as_longlong(x) & 0x7fffffffffffffffULL) > 0x7ff0000000000000ULL; }
            #ifdef __CUDA_FP16_H__
            template <> __device__ __forceinline__ bool gpudsl_number_isnan<__half>(__half x) { return (__half_as_ushort(x) & 0x7fffu) > 0x7c00u; }
            #endif
            """),
        ("gpudsl_number_isinfinity", """
            // T.IsInfinity on a type parameter: never for integers, a bit test for float, double and __half.
            template <typename T> static __device__ __forceinline__ bool gpudsl_number_isinfinity(T x) { return false; }
            template <> __device__ __forceinline__ bool gpudsl_number_isinfinity<float>(float x) { return (__float_as_uint(x) & 0x7fffffffu) == 0x7f800000u; }
            template <> __device__ __forceinline__ bool gpudsl_number_isinfinity<double>(double x) { return ((unsigned long long)__double_as_longlong(x) & 0x7fffffffffffffffULL) == 0x7ff0000000000000ULL; }
            #ifdef __CUDA_FP16_H__
            template <> __device__ __forceinline__ bool gpudsl_number_isinfinity<__half>(__half x) { return (__half_as_ushort(x) & 0x7fffu) == 0x7c00u; }
            #endif
            """),
        ("gpudsl_number_iseven", """
            // T.IsEvenInteger on a type parameter: the low bit for integers, an integral value with no remainder by 2 for floating point.
            template <typename T> static __device__ __forceinline__ bool gpudsl_number_iseven(T x) { return (x & (T)1) == (T)0; }
            template <> __device__ __forceinline__ bool gpudsl_number_iseven<float>(float x) { return x == truncf(x) && fmodf(x, 2.0f) == 0.0f; }
            template <> __device__ __forceinline__ bool gpudsl_number_iseven<double>(double x) { return x == trunc(x) && fmod(x, 2.0) == 0.0; }
            #ifdef __CUDA_FP16_H__
            template <> __device__ __forceinline__ bool gpudsl_number_iseven<__half>(__half x) { return gpudsl_number_iseven<float>(__half2float(x)); }
            #endif
            """),
        ("gpudsl_number_isodd", """
            // T.IsOddInteger on a type parameter: the low bit for integers, an integral value with remainder 1 by 2 for floating point.
            template <typename T> static __device__ __forceinline__ bool gpudsl_number_isodd(T x) { return (x & (T)1) != (T)0; }
            template <> __device__ __forceinline__ bool gpudsl_number_isodd<float>(float x) { return x == truncf(x) && fabsf(fmodf(x, 2.0f)) == 1.0f; }
            template <> __device__ __forceinline__ bool gpudsl_number_isodd<double>(double x) { return x == trunc(x) && fabs(fmod(x, 2.0)) == 1.0; }
            #ifdef __CUDA_FP16_H__
            template <> __device__ __forceinline__ bool gpudsl_number_isodd<__half>(__half x) { return gpudsl_number_isodd<float>(__half2float(x)); }
            #endif
            """),
        ("gpudsl_integer_bits32", """
            // The bits of an integer of 32 bits or fewer, zero-extended (for IBinaryInteger<T>'s counts at T's own width).
            template <typename T> static __device__ __forceinline__ unsigned int gpudsl_integer_bits32(T x) { return sizeof(T) >= 4 ? (unsigned int)x : (unsigned int)x & (0xffffffffu >> (sizeof(T) >= 4 ? 0 : 32 - 8 * (int)sizeof(T))); }
            """),
        ("gpudsl_integer_popcount", """
            // T.PopCount on a type parameter, returning T as .NET does.
            template <typename T> static __device__ __forceinline__ T gpudsl_integer_popcount(T x) { return (T)(sizeof(T) == 8 ? __popcll((unsigned long long)x) : __popc(gpudsl_integer_bits32(x))); }
            """),
        ("gpudsl_integer_leading_zeros", """
            // T.LeadingZeroCount on a type parameter, at T's own width.
            template <typename T> static __device__ __forceinline__ T gpudsl_integer_leading_zeros(T x) { return (T)(sizeof(T) == 8 ? __clzll((long long)x) : __clz((int)gpudsl_integer_bits32(x)) - (32 - 8 * (int)sizeof(T))); }
            """),
        ("gpudsl_integer_trailing_zeros", """
            // T.TrailingZeroCount on a type parameter: T's width for 0, as .NET gives.
            template <typename T> static __device__ __forceinline__ T gpudsl_integer_trailing_zeros(T x) { return (T)(sizeof(T) == 8 ? gpudsl_trailing_zeros((unsigned long long)x) : min(gpudsl_trailing_zeros(gpudsl_integer_bits32(x)), 8 * (int)sizeof(T))); }
            """),
        ("gpudsl_shfl_words", """
            // A value's bytes as whole 4-byte words, so that Gpu.Shuffle*<T> moves any type (a struct too, as ILGPU shuffles
            // one) word by word, as CUDA's own long long and double shuffles do; copied byte by byte, which C++ allows for
            // every type and which the compiler turns into register moves.
            template <typename T> struct gpudsl_shfl_words
            {
                static constexpr int count = (int)((sizeof(T) + 3) / 4);
                unsigned int w[count];
                __device__ __forceinline__ explicit gpudsl_shfl_words(const T& value)
                {
                    const unsigned char* from = (const unsigned char*)&value;
                    for (int i = 0; i < count; i++) w[i] = 0u;
                    for (int i = 0; i < (int)sizeof(T); i++) w[i / 4] |= (unsigned int)from[i] << (8 * (i % 4));
                }
                __device__ __forceinline__ T value() const
                {
                    T result;
                    unsigned char* to = (unsigned char*)&result;
                    for (int i = 0; i < (int)sizeof(T); i++) to[i] = (unsigned char)(w[i / 4] >> (8 * (i % 4)));
                    return result;
                }
            };
            """),
        ("gpudsl_shfl_sync", """
            // Gpu.Shuffle<T>: __shfl_sync of each 4-byte word of any type.
            template <typename T> static __device__ __forceinline__ T gpudsl_shfl_sync(unsigned int mask, T value, int src_lane, int width)
            {
                gpudsl_shfl_words<T> v(value);
                for (int i = 0; i < v.count; i++) v.w[i] = __shfl_sync(mask, v.w[i], src_lane, width);
                return v.value();
            }
            """),
        ("gpudsl_shfl_up_sync", """
            // Gpu.ShuffleUp<T>: __shfl_up_sync of each 4-byte word of any type.
            template <typename T> static __device__ __forceinline__ T gpudsl_shfl_up_sync(unsigned int mask, T value, unsigned int delta, int width)
            {
                gpudsl_shfl_words<T> v(value);
                for (int i = 0; i < v.count; i++) v.w[i] = __shfl_up_sync(mask, v.w[i], delta, width);
                return v.value();
            }
            """),
        ("gpudsl_shfl_down_sync", """
            // Gpu.ShuffleDown<T>: __shfl_down_sync of each 4-byte word of any type.
            template <typename T> static __device__ __forceinline__ T gpudsl_shfl_down_sync(unsigned int mask, T value, unsigned int delta, int width)
            {
                gpudsl_shfl_words<T> v(value);
                for (int i = 0; i < v.count; i++) v.w[i] = __shfl_down_sync(mask, v.w[i], delta, width);
                return v.value();
            }
            """),
        ("gpudsl_shfl_xor_sync", """
            // Gpu.ShuffleXor<T>: __shfl_xor_sync of each 4-byte word of any type.
            template <typename T> static __device__ __forceinline__ T gpudsl_shfl_xor_sync(unsigned int mask, T value, int lane_mask, int width)
            {
                gpudsl_shfl_words<T> v(value);
                for (int i = 0; i < v.count; i++) v.w[i] = __shfl_xor_sync(mask, v.w[i], lane_mask, width);
                return v.value();
            }
            """),
        ("gpudsl_lane_id", """
            // Gpu.LaneId: the %laneid register.
            static __device__ __forceinline__ int gpudsl_lane_id() { unsigned int r; asm("mov.u32 %0, %%laneid;" : "=r"(r)); return (int)r; }
            """),
        ("gpudsl_dynamic_shared", """
            // Gpu.DynamicShared<T>(): the launch's dynamic shared memory, and its size from the %dynamic_smem_size register.
            extern __shared__ __align__(16) unsigned char gpudsl_dynamic_shared[];
            static __device__ __forceinline__ unsigned int gpudsl_dynamic_shared_bytes() { unsigned int n; asm("mov.u32 %0, %%dynamic_smem_size;" : "=r"(n)); return n; }
            """),
        ("gpudsl_span_assign", """
            // p = value for a span: the new length is stored and the new pointer returned, both computed from the old
            // values before either changes (p = p.Slice(p[0]) moves by the old first element).
            template <typename T> static __device__ __forceinline__ T* gpudsl_span_assign(int& length, int value_length, T* value) { length = value_length; return value; }
            """),
        (Vectors, VectorCode()),
        (Mma, MmaCode),
        (PackedVectors, PackedVectorCode()),
        (CheckedIndex, """
            // Checked mode: an index outside its span is recorded (the first one only) for the host to report at its next
            // synchronization, and replaced by 0, so the kernel finishes without faulting the context.
            struct gpudsl_fault_record { int flag, site, index, length; unsigned int block_x, block_y, block_z, thread_x, thread_y, thread_z; };
            __device__ gpudsl_fault_record gpudsl_fault;
            static __device__ __noinline__ void gpudsl_report(int index, int length, int site)
            {
                if (atomicCAS(&gpudsl_fault.flag, 0, 1) == 0)
                {
                    gpudsl_fault.site = site; gpudsl_fault.index = index; gpudsl_fault.length = length;
                    gpudsl_fault.block_x = blockIdx.x; gpudsl_fault.block_y = blockIdx.y; gpudsl_fault.block_z = blockIdx.z;
                    gpudsl_fault.thread_x = threadIdx.x; gpudsl_fault.thread_y = threadIdx.y; gpudsl_fault.thread_z = threadIdx.z;
                }
            }
            static __device__ __forceinline__ int gpudsl_check(int index, int length, int site)
            {
                if ((unsigned int)index < (unsigned int)length) return index;
                gpudsl_report(index, length, site);
                return 0;
            }
            """),
    };

    /// <summary>Component-wise operators and functions for float2, float3 and float4, as C# defines them on Vector2/3/4.</summary>
    private static string VectorCode()
    {
        System.Text.StringBuilder text = new("// System.Numerics.Vector2/3/4 are float2/3/4; C#'s operators on them work component by component.\n");
        foreach ((string type, string[] c) in new[] { ("float2", new[] { "x", "y" }), ("float3", new[] { "x", "y", "z" }), ("float4", new[] { "x", "y", "z", "w" }) })
        {
            string Each(string format) => $"make_{type}({string.Join(", ", c.Select(x => string.Format(System.Globalization.CultureInfo.InvariantCulture, format, x)))})";
            string head = "static __device__ __forceinline__";
            foreach (string op in new[] { "+", "-", "*", "/" })
            {
                text.Append($"{head} {type} operator{op}({type} a, {type} b) {{ return {Each("a.{0} " + op + " b.{0}")}; }}\n");
                text.Append($"{head} {type}& operator{op}=({type}& a, {type} b) {{ a = a {op} b; return a; }}\n");
            }

            foreach (string op in new[] { "*", "/" })
            {
                text.Append($"{head} {type} operator{op}({type} a, float s) {{ return {Each("a.{0} " + op + " s")}; }}\n");
                text.Append($"{head} {type}& operator{op}=({type}& a, float s) {{ a = a {op} s; return a; }}\n");
            }

            text.Append($"{head} {type} operator*(float s, {type} a) {{ return {Each("s * a.{0}")}; }}\n");
            text.Append($"{head} {type} operator-({type} a) {{ return {Each("-a.{0}")}; }}\n");
            text.Append($"{head} {type} gpudsl_splat_{type}(float s) {{ return {Each("s")}; }}\n");
            text.Append($"{head} float gpudsl_dot({type} a, {type} b) {{ return {string.Join(" + ", c.Select(x => $"a.{x} * b.{x}"))}; }}\n");
            text.Append($"{head} {type} gpudsl_vabs({type} a) {{ return {Each("fabsf(a.{0})")}; }}\n");
            text.Append($"{head} {type} gpudsl_vsqrt({type} a) {{ return {Each("sqrtf(a.{0})")}; }}\n");
        }

        return text.ToString().TrimEnd('\n');
    }

    /// <summary>
    /// A <c>Vector2</c> or <c>Vector4</c> field of a user struct: C# aligns it to 4 bytes, CUDA's <c>float2</c>/<c>float4</c>
    /// to 8 and 16, so the field is a packed pair or quad that reads as, and is assigned from, the aligned type.
    /// </summary>
    private static string PackedVectorCode()
    {
        System.Text.StringBuilder text = new("// Vector2/Vector4 fields of structs keep C#'s 4-byte alignment: packed, read as float2/float4 and assigned from them.\n");
        foreach ((string type, string[] c) in new[] { ("float2", new[] { "x", "y" }), ("float4", new[] { "x", "y", "z", "w" }) })
        {
            string packed = "gpudsl_packed_" + type;
            string head = "static __device__ __forceinline__";
            text.Append($"struct {packed}\n{{\n    float {string.Join(", ", c)};\n");
            text.Append($"    __device__ __forceinline__ operator {type}() const {{ return make_{type}({string.Join(", ", c)}); }}\n");
            text.Append($"    __device__ __forceinline__ {packed}& operator=({type} v) {{ {string.Concat(c.Select(x => $"{x} = v.{x}; "))}return *this; }}\n");
            text.Append("};\n");
            text.Append($"static_assert(sizeof({packed}) == {4 * c.Length} && alignof({packed}) == 4, \"{packed} must have the layout of C#'s vector\");\n");
            text.Append($"{head} {packed} gpudsl_pack_{type}({type} v) {{ {packed} p; p = v; return p; }}\n");
            foreach (string op in new[] { "+", "-", "*", "/" })
            {
                text.Append($"{head} {packed}& operator{op}=({packed}& a, {type} b) {{ a = ({type})a {op} b; return a; }}\n");
            }

            foreach (string op in new[] { "*", "/" })
            {
                text.Append($"{head} {packed}& operator{op}=({packed}& a, float s) {{ a = ({type})a {op} s; return a; }}\n");
            }
        }

        return text.ToString().TrimEnd('\n');
    }

    /// <summary>The helper names a template uses.</summary>
    /// <remarks>A helper that calls another (Round with digits calls Round with a mode) brings it too; helpers are written in
    /// the order of this list, so one only calls those above it.</remarks>
    public static IEnumerable<string> UsedBy(string template)
    {
        HashSet<string> used = new();
        foreach ((string name, string code) in s_helpers.Reverse())
        {
            if (Calls(template, name) || used.Any(u => Calls(s_helpers.First(h => h.Name == u).Code, name)))
            {
                used.Add(name);
            }
        }

        return s_helpers.Where(h => used.Contains(h.Name)).Select(h => h.Name);
    }

    private static bool Calls(string text, string name) => text.Contains(name + "(") || text.Contains(name + "<");

    /// <summary>The code of the named helpers, in a fixed order.</summary>
    public static IEnumerable<string> Code(ISet<string> names) =>
        s_helpers.Where(h => names.Contains(h.Name)).Select(h => h.Code);
}
