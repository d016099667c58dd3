using System.Collections.Generic;
using System.Linq;

namespace GpuDsl.Generator.Mappings;

/// <summary>
/// Small device functions that give .NET's answer where CUDA's built-in differs, emitted at the top of a module only
/// when one of its functions uses them.
/// </summary>
internal static class CudaPrelude
{
    private static readonly (string Name, string Code)[] s_helpers =
    {
        ("gpudsl_max", """
            // Math.Max/MathF.Max: NaN if either input is NaN (CUDA's fmax returns the other input).
            template <typename T> static __device__ __forceinline__ T gpudsl_max(T x, T y) { return x != x ? x : (y != y ? y : (x > y ? x : y)); }
            """),
        ("gpudsl_min", """
            // Math.Min/MathF.Min: NaN if either input is NaN (CUDA's fmin returns the other input).
            template <typename T> static __device__ __forceinline__ T gpudsl_min(T x, T y) { return x != x ? x : (y != y ? y : (x < y ? x : y)); }
            """),
        ("gpudsl_clamp", """
            // Math.Clamp: min and max bound the value; NaN stays NaN.
            template <typename T> static __device__ __forceinline__ T gpudsl_clamp(T v, T lo, T hi) { return v < lo ? lo : (v > hi ? hi : v); }
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
    };

    /// <summary>The helper names a template uses.</summary>
    public static IEnumerable<string> UsedBy(string template) =>
        s_helpers.Where(h => template.Contains(h.Name + "(")).Select(h => h.Name);

    /// <summary>The code of the named helpers, in a fixed order.</summary>
    public static IEnumerable<string> Code(ISet<string> names) =>
        s_helpers.Where(h => names.Contains(h.Name)).Select(h => h.Code);
}
