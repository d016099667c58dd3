namespace GpuDsl.Generator.Mappings;

/// <summary>The tensor-core helper: fragment types, <c>mma.sync</c>, <c>ldmatrix</c>, <c>cp.async</c> and TF32 rounding in
/// inline PTX, so no <c>mma.h</c> (which NVRTC may not have without a full toolkit) is needed.</summary>
internal static partial class CudaPrelude
{
    /// <summary>The helper with the tensor-core fragments and operations (<c>Gpu.Mma</c> and its kin).</summary>
    public const string Mma = "gpudsl_mma";

    // Registers as the PTX ISA's "Matrix Fragments for mma.m16n8k*" lay them out: g = lane / 4, t = lane % 4, P elements
    // of E per 32-bit register; A's register r is row g + 8 (r % 2), columns P t + 4 P (r / 2) onward; B's register r is
    // column g, rows P t + 4 P r onward; the accumulator's element i is row g + 8 (i / 2), column 2 t + i % 2. The mask
    // argument of the _sync functions is the full warp (it marks them as warp collectives for the analyses).
    private const string MmaCode = """
        // Tensor cores (sm_80 and later): the fragments of mma.sync.aligned.m16n8k*, one lane's registers each, and the
        // instructions that fill and multiply them, in inline PTX. g = lane / 4, t = lane % 4, P elements per register.
        struct gpudsl_mma_a16x16_f16 { unsigned int R0, R1, R2, R3; };
        struct gpudsl_mma_b16x8_f16 { unsigned int R0, R1; };
        struct gpudsl_mma_a16x16_bf16 { unsigned int R0, R1, R2, R3; };
        struct gpudsl_mma_b16x8_bf16 { unsigned int R0, R1; };
        struct gpudsl_mma_a16x8_tf32 { unsigned int R0, R1, R2, R3; };
        struct gpudsl_mma_b8x8_tf32 { unsigned int R0, R1; };
        struct gpudsl_mma_a16x32_s8 { unsigned int R0, R1, R2, R3; };
        struct gpudsl_mma_b32x8_s8 { unsigned int R0, R1; };
        struct gpudsl_mma_c16x8_f32 { float C0, C1, C2, C3; };
        struct gpudsl_mma_c16x8_s32 { int C0, C1, C2, C3; };
        static __device__ __forceinline__ int gpudsl_mma_lane() { unsigned int r; asm("mov.u32 %0, %%laneid;" : "=r"(r)); return (int)r; }
        // A (row-major tile): register r is row g + 8 (r % 2), columns P t + 4 P (r / 2) onward, the first in the lowest bits.
        template <typename F, typename E> static __device__ __forceinline__ F gpudsl_mma_load_a(const void* p, int length, int offset, int stride)
        {
            constexpr int P = 4 / (int)sizeof(E);
            const E* e = (const E*)p + offset;
            const int g = gpudsl_mma_lane() >> 2, t = gpudsl_mma_lane() & 3;
            F f;
            unsigned int* r = (unsigned int*)&f;
            #pragma unroll
            for (int i = 0; i < 4; i++)
            {
                unsigned int v = 0;
                #pragma unroll
                for (int j = 0; j < P; j++) v |= (unsigned int)e[(g + 8 * (i & 1)) * stride + P * t + 4 * P * (i >> 1) + j] << (32 / P * j % 32);
                r[i] = v;
            }
            return f;
        }
        template <typename E, typename F> static __device__ __forceinline__ void gpudsl_mma_store_a(F f, void* p, int length, int offset, int stride)
        {
            constexpr int P = 4 / (int)sizeof(E);
            E* e = (E*)p + offset;
            const int g = gpudsl_mma_lane() >> 2, t = gpudsl_mma_lane() & 3;
            const unsigned int* r = (const unsigned int*)&f;
            #pragma unroll
            for (int i = 0; i < 4; i++)
            {
                #pragma unroll
                for (int j = 0; j < P; j++) e[(g + 8 * (i & 1)) * stride + P * t + 4 * P * (i >> 1) + j] = (E)(r[i] >> (32 / P * j % 32));
            }
        }
        // B (row-major K x N tile): register r is column g, rows P t + 4 P r onward.
        template <typename F, typename E> static __device__ __forceinline__ F gpudsl_mma_load_b(const void* p, int length, int offset, int stride)
        {
            constexpr int P = 4 / (int)sizeof(E);
            const E* e = (const E*)p + offset;
            const int g = gpudsl_mma_lane() >> 2, t = gpudsl_mma_lane() & 3;
            F f;
            unsigned int* r = (unsigned int*)&f;
            #pragma unroll
            for (int i = 0; i < 2; i++)
            {
                unsigned int v = 0;
                #pragma unroll
                for (int j = 0; j < P; j++) v |= (unsigned int)e[(P * t + 4 * P * i + j) * stride + g] << (32 / P * j % 32);
                r[i] = v;
            }
            return f;
        }
        template <typename E, typename F> static __device__ __forceinline__ void gpudsl_mma_store_b(F f, void* p, int length, int offset, int stride)
        {
            constexpr int P = 4 / (int)sizeof(E);
            E* e = (E*)p + offset;
            const int g = gpudsl_mma_lane() >> 2, t = gpudsl_mma_lane() & 3;
            const unsigned int* r = (const unsigned int*)&f;
            #pragma unroll
            for (int i = 0; i < 2; i++)
            {
                #pragma unroll
                for (int j = 0; j < P; j++) e[(P * t + 4 * P * i + j) * stride + g] = (E)(r[i] >> (32 / P * j % 32));
            }
        }
        // The accumulator (row-major 16 x 8 tile): element i is row g + 8 (i / 2), column 2 t + i % 2.
        template <typename F> static __device__ __forceinline__ F gpudsl_mma_load_c(const void* p, int length, int offset, int stride)
        {
            const int g = gpudsl_mma_lane() >> 2, t = gpudsl_mma_lane() & 3;
            F f;
            typedef decltype(f.C0) E;
            const E* e = (const E*)p + offset + g * stride + 2 * t;
            f.C0 = e[0]; f.C1 = e[1]; f.C2 = e[8 * stride]; f.C3 = e[8 * stride + 1];
            return f;
        }
        template <typename F> static __device__ __forceinline__ void gpudsl_mma_store_c(F f, void* p, int length, int offset, int stride)
        {
            const int g = gpudsl_mma_lane() >> 2, t = gpudsl_mma_lane() & 3;
            typedef decltype(f.C0) E;
            E* e = (E*)p + offset + g * stride + 2 * t;
            e[0] = f.C0; e[1] = f.C1; e[8 * stride] = f.C2; e[8 * stride + 1] = f.C3;
        }
        static __device__ __forceinline__ gpudsl_mma_c16x8_f32 gpudsl_mma_m16n8k16_f16_sync(unsigned int, gpudsl_mma_a16x16_f16 a, gpudsl_mma_b16x8_f16 b, gpudsl_mma_c16x8_f32 c)
        {
            gpudsl_mma_c16x8_f32 d;
            asm volatile("mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 {%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};"
                : "=f"(d.C0), "=f"(d.C1), "=f"(d.C2), "=f"(d.C3)
                : "r"(a.R0), "r"(a.R1), "r"(a.R2), "r"(a.R3), "r"(b.R0), "r"(b.R1), "f"(c.C0), "f"(c.C1), "f"(c.C2), "f"(c.C3));
            return d;
        }
        static __device__ __forceinline__ gpudsl_mma_c16x8_f32 gpudsl_mma_m16n8k16_bf16_sync(unsigned int, gpudsl_mma_a16x16_bf16 a, gpudsl_mma_b16x8_bf16 b, gpudsl_mma_c16x8_f32 c)
        {
            gpudsl_mma_c16x8_f32 d;
            asm volatile("mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32 {%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};"
                : "=f"(d.C0), "=f"(d.C1), "=f"(d.C2), "=f"(d.C3)
                : "r"(a.R0), "r"(a.R1), "r"(a.R2), "r"(a.R3), "r"(b.R0), "r"(b.R1), "f"(c.C0), "f"(c.C1), "f"(c.C2), "f"(c.C3));
            return d;
        }
        static __device__ __forceinline__ gpudsl_mma_c16x8_f32 gpudsl_mma_m16n8k8_tf32_sync(unsigned int, gpudsl_mma_a16x8_tf32 a, gpudsl_mma_b8x8_tf32 b, gpudsl_mma_c16x8_f32 c)
        {
            gpudsl_mma_c16x8_f32 d;
            asm volatile("mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32 {%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};"
                : "=f"(d.C0), "=f"(d.C1), "=f"(d.C2), "=f"(d.C3)
                : "r"(a.R0), "r"(a.R1), "r"(a.R2), "r"(a.R3), "r"(b.R0), "r"(b.R1), "f"(c.C0), "f"(c.C1), "f"(c.C2), "f"(c.C3));
            return d;
        }
        static __device__ __forceinline__ gpudsl_mma_c16x8_s32 gpudsl_mma_m16n8k32_s8_sync(unsigned int, gpudsl_mma_a16x32_s8 a, gpudsl_mma_b32x8_s8 b, gpudsl_mma_c16x8_s32 c)
        {
            gpudsl_mma_c16x8_s32 d;
            asm volatile("mma.sync.aligned.m16n8k32.row.col.s32.s8.s8.s32 {%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};"
                : "=r"(d.C0), "=r"(d.C1), "=r"(d.C2), "=r"(d.C3)
                : "r"(a.R0), "r"(a.R1), "r"(a.R2), "r"(a.R3), "r"(b.R0), "r"(b.R1), "r"(c.C0), "r"(c.C1), "r"(c.C2), "r"(c.C3));
            return d;
        }
        // ldmatrix: lanes 0 to 8 N - 1 give the rows (16 bytes each) of the N matrices; register j of every lane receives its
        // elements of matrix j. The "memory" clobber keeps it after the stores to shared memory that it reads.
        template <int N, bool Trans, typename F> static __device__ __forceinline__ F gpudsl_mma_ldmatrix_sync(unsigned int, const void* p, int length, int offset)
        {
            F f;
            unsigned int* r = (unsigned int*)&f;
            const unsigned int address = (unsigned int)__cvta_generic_to_shared((const unsigned short*)p + offset);
            if constexpr (N == 1 && !Trans) asm volatile("ldmatrix.sync.aligned.m8n8.x1.shared.b16 {%0}, [%1];" : "=r"(r[0]) : "r"(address) : "memory");
            if constexpr (N == 1 && Trans) asm volatile("ldmatrix.sync.aligned.m8n8.x1.trans.shared.b16 {%0}, [%1];" : "=r"(r[0]) : "r"(address) : "memory");
            if constexpr (N == 2 && !Trans) asm volatile("ldmatrix.sync.aligned.m8n8.x2.shared.b16 {%0, %1}, [%2];" : "=r"(r[0]), "=r"(r[1]) : "r"(address) : "memory");
            if constexpr (N == 2 && Trans) asm volatile("ldmatrix.sync.aligned.m8n8.x2.trans.shared.b16 {%0, %1}, [%2];" : "=r"(r[0]), "=r"(r[1]) : "r"(address) : "memory");
            if constexpr (N == 4 && !Trans) asm volatile("ldmatrix.sync.aligned.m8n8.x4.shared.b16 {%0, %1, %2, %3}, [%4];" : "=r"(r[0]), "=r"(r[1]), "=r"(r[2]), "=r"(r[3]) : "r"(address) : "memory");
            if constexpr (N == 4 && Trans) asm volatile("ldmatrix.sync.aligned.m8n8.x4.trans.shared.b16 {%0, %1, %2, %3}, [%4];" : "=r"(r[0]), "=r"(r[1]), "=r"(r[2]), "=r"(r[3]) : "r"(address) : "memory");
            return f;
        }
        // cp.async: Bytes from global to shared memory, .cg (L2 only, 16 bytes) or .ca; commit and wait close and await groups.
        template <int Bytes, bool BypassL1, typename T> static __device__ __forceinline__ void gpudsl_mma_cp_async(T* shared, int shared_length, int shared_index, const T* global, int global_length, int global_index)
        {
            const unsigned int address = (unsigned int)__cvta_generic_to_shared(shared + shared_index);
            if constexpr (BypassL1) asm volatile("cp.async.cg.shared.global [%0], [%1], %2;" :: "r"(address), "l"(global + global_index), "n"(Bytes) : "memory");
            else asm volatile("cp.async.ca.shared.global [%0], [%1], %2;" :: "r"(address), "l"(global + global_index), "n"(Bytes) : "memory");
        }
        static __device__ __forceinline__ void gpudsl_mma_cp_async_commit() { asm volatile("cp.async.commit_group;" ::: "memory"); }
        template <int N> static __device__ __forceinline__ void gpudsl_mma_cp_async_wait() { asm volatile("cp.async.wait_group %0;" :: "n"(N) : "memory"); }
        static __device__ __forceinline__ void gpudsl_mma_cp_async_wait_all() { asm volatile("cp.async.wait_all;" ::: "memory"); }
        // Gpu.ToTf32: round to nearest (ties away from zero) to TF32, as a float with the lower 13 bits zero.
        static __device__ __forceinline__ float gpudsl_mma_to_tf32(float x) { unsigned int r; asm("cvt.rna.tf32.f32 %0, %1;" : "=r"(r) : "f"(x)); return __uint_as_float(r); }
        """;
}
