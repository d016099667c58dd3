using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GpuDsl.Cpu;

/// <summary>
/// The CPU backend's tensor-core operations, exactly as the PTX ISA lays out the fragments of <c>mma.m16n8k*</c>: with
/// g = lane / 4 and t = lane % 4, and P elements per 32-bit register (2 for 16-bit types, 1 for TF32, 4 for int8), A's
/// register r holds row g + 8 (r % 2), columns P t + 4 P (r / 2) onward; B's register r holds column g, rows P t + 4 P r
/// onward; the accumulator's element i is row g + 8 (i / 2), column 2 t + i % 2. So a lane's two rows of A live in the
/// four lanes of its quad, and each column of B in the quad of that column. The collectives gather the warp's fragments
/// in one exchange of the CPU backend's warp (<see cref="WarpGather{T}"/>), as its shuffles exchange values.
/// </summary>
internal static partial class CpuMma
{
    /// <summary>An fp16 element's value.</summary>
    public static float HalfBits(uint bits) => (float)BitConverter.UInt16BitsToHalf((ushort)bits);

    /// <summary>A bf16 element's value: the upper 16 bits of a float.</summary>
    public static float BFloat16Bits(uint bits) => BitConverter.UInt32BitsToSingle(bits << 16);

    /// <summary>A TF32 element's value: the tensor core reads the upper 19 bits of the register.</summary>
    public static float Tf32Bits(uint bits) => BitConverter.UInt32BitsToSingle(bits & 0xFFFF_E000u);

    /// <summary>D = A · B + C with float inputs of any kind, each decoded by <paramref name="element"/>.</summary>
    public static MmaC16x8Float Product<TA, TB>(TA a, TB b, MmaC16x8Float c, Func<uint, float> element)
        where TA : unmanaged where TB : unmanaged
    {
        (uint[,] rows, uint[,] columns, int k) = Operands(a, b);
        Span<float> d = Registers<MmaC16x8Float, float>(ref c);
        for (int i = 0; i < 4; i++)
        {
            float sum = 0f;
            for (int j = 0; j < k; j++)
            {
                sum += element(rows[i >> 1, j]) * element(columns[i & 1, j]);
            }

            d[i] += sum;
        }

        return c;
    }

    /// <summary>D = A · B + C for int8 inputs, summed in int32 with wrap-around.</summary>
    public static MmaC16x8Int Product(MmaA16x32SByte a, MmaB32x8SByte b, MmaC16x8Int c)
    {
        (uint[,] rows, uint[,] columns, int k) = Operands(a, b);
        Span<int> d = Registers<MmaC16x8Int, int>(ref c);
        for (int i = 0; i < 4; i++)
        {
            int sum = 0;
            for (int j = 0; j < k; j++)
            {
                sum = unchecked(sum + ((sbyte)rows[i >> 1, j] * (sbyte)columns[i & 1, j]));
            }

            d[i] = unchecked(d[i] + sum);
        }

        return c;
    }

    /// <summary>
    /// This lane's rows of A (g and g + 8) and columns of B (2 t and 2 t + 1) as element bits, read from the fragments of
    /// the lanes that hold them (the four lanes of this quad for A, the quads of the two columns for B) after one
    /// gather of every lane's fragments: a warp collective, as on the GPU.
    /// </summary>
    private static (uint[,] Rows, uint[,] Columns, int K) Operands<TA, TB>(TA a, TB b) where TA : unmanaged where TB : unmanaged
    {
        int per = ElementsPerRegister(a);
        int k = 8 * per, lane = CpuThread.Current.LaneInWarp, g = lane >> 2, t = lane & 3;
        Span<Pair<TA, TB>> all = new Pair<TA, TB>[CpuWarp.Size];
        CpuThread.Current.Gather(uint.MaxValue, new Pair<TA, TB>(a, b), all);
        uint[,] rows = new uint[2, k], columns = new uint[2, k];
        for (int q = 0; q < 4; q++)
        {
            TA from = all[4 * g + q].A;
            Span<uint> r = Registers<TA, uint>(ref from);
            for (int i = 0; i < 4; i++)
            {
                for (int e = 0; e < per; e++)
                {
                    rows[i & 1, per * q + 4 * per * (i >> 1) + e] = Element(r[i], e, per);
                }
            }
        }

        for (int j = 0; j < 8; j++)
        {
            int column = j >> 2, q = j & 3;
            TB from = all[4 * (2 * t + column) + q].B;
            Span<uint> r = Registers<TB, uint>(ref from);
            for (int i = 0; i < 2; i++)
            {
                for (int e = 0; e < per; e++)
                {
                    columns[column, per * q + 4 * per * i + e] = Element(r[i], e, per);
                }
            }
        }

        return (rows, columns, k);
    }

    /// <summary>One lane's A and B fragments, gathered together.</summary>
    private readonly record struct Pair<TA, TB>(TA A, TB B) where TA : unmanaged where TB : unmanaged;

    /// <summary>Elements per 32-bit register of an A fragment type.</summary>
    private static int ElementsPerRegister<TA>(TA a) => a switch
    {
        MmaA16x8Tf32 => 1,
        MmaA16x32SByte => 4,
        _ => 2,
    };

    /// <summary>Element <paramref name="e"/> of a register of <paramref name="per"/> elements (the first in the lowest bits).</summary>
    private static uint Element(uint register, int e, int per) =>
        per == 1 ? register : (register >> (32 / per * e)) & ((1u << (32 / per)) - 1);

    /// <summary>A fragment's registers (or accumulator elements) as a span over the fragment itself.</summary>
    private static Span<TElement> Registers<TFragment, TElement>(ref TFragment fragment) where TFragment : unmanaged where TElement : unmanaged =>
        MemoryMarshal.Cast<TFragment, TElement>(new Span<TFragment>(ref fragment));

    /// <summary>An A fragment of this lane, read from a row-major tile.</summary>
    public static TFragment LoadA<TFragment, TElement>(ReadOnlySpan<TElement> a, int offset, int stride) where TFragment : unmanaged where TElement : unmanaged
    {
        TFragment fragment = default;
        MoveA<TFragment, TElement>(ref fragment, MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(a), a.Length), offset, stride, store: false);
        return fragment;
    }

    /// <summary>Writes this lane's elements of an A fragment to a row-major tile.</summary>
    public static void StoreA<TFragment, TElement>(TFragment fragment, Span<TElement> a, int offset, int stride) where TFragment : unmanaged where TElement : unmanaged =>
        MoveA<TFragment, TElement>(ref fragment, a, offset, stride, store: true);

    /// <summary>A B fragment of this lane, read from a row-major K x N tile.</summary>
    public static TFragment LoadB<TFragment, TElement>(ReadOnlySpan<TElement> b, int offset, int stride) where TFragment : unmanaged where TElement : unmanaged
    {
        TFragment fragment = default;
        MoveB<TFragment, TElement>(ref fragment, MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(b), b.Length), offset, stride, store: false);
        return fragment;
    }

    /// <summary>Writes this lane's elements of a B fragment to a row-major K x N tile.</summary>
    public static void StoreB<TFragment, TElement>(TFragment fragment, Span<TElement> b, int offset, int stride) where TFragment : unmanaged where TElement : unmanaged =>
        MoveB<TFragment, TElement>(ref fragment, b, offset, stride, store: true);

    /// <summary>An accumulator of this lane, read from a row-major 16 x 8 tile.</summary>
    public static TFragment LoadC<TFragment, TElement>(ReadOnlySpan<TElement> c, int offset, int stride) where TFragment : unmanaged where TElement : unmanaged
    {
        TFragment fragment = default;
        Span<TElement> d = Registers<TFragment, TElement>(ref fragment);
        (int g, int t) = Quad();
        for (int i = 0; i < 4; i++)
        {
            d[i] = c[offset + (g + 8 * (i >> 1)) * stride + 2 * t + (i & 1)];
        }

        return fragment;
    }

    /// <summary>Writes this lane's accumulator elements to a row-major 16 x 8 tile.</summary>
    public static void StoreC<TFragment, TElement>(TFragment fragment, Span<TElement> c, int offset, int stride) where TFragment : unmanaged where TElement : unmanaged
    {
        Span<TElement> d = Registers<TFragment, TElement>(ref fragment);
        (int g, int t) = Quad();
        for (int i = 0; i < 4; i++)
        {
            c[offset + (g + 8 * (i >> 1)) * stride + 2 * t + (i & 1)] = d[i];
        }
    }

    private static void MoveA<TFragment, TElement>(ref TFragment fragment, Span<TElement> a, int offset, int stride, bool store) where TFragment : unmanaged where TElement : unmanaged
    {
        Span<uint> r = Registers<TFragment, uint>(ref fragment);
        int per = 4 / Unsafe.SizeOf<TElement>();
        (int g, int t) = Quad();
        for (int i = 0; i < r.Length; i++)
        {
            int start = offset + (g + 8 * (i & 1)) * stride + per * t + 4 * per * (i >> 1);
            Move(ref r[i], a, start, 1, per, store);
        }
    }

    private static void MoveB<TFragment, TElement>(ref TFragment fragment, Span<TElement> b, int offset, int stride, bool store) where TFragment : unmanaged where TElement : unmanaged
    {
        Span<uint> r = Registers<TFragment, uint>(ref fragment);
        int per = 4 / Unsafe.SizeOf<TElement>();
        (int g, int t) = Quad();
        for (int i = 0; i < r.Length; i++)
        {
            int start = offset + (per * t + 4 * per * i) * stride + g;
            Move(ref r[i], b, start, stride, per, store);
        }
    }

    /// <summary>Packs (or unpacks) the <paramref name="per"/> elements at <paramref name="start"/>, <paramref name="step"/>
    /// apart, into one register, the first in the lowest bits.</summary>
    private static void Move<TElement>(ref uint register, Span<TElement> memory, int start, int step, int per, bool store) where TElement : unmanaged
    {
        int bits = 32 / per;
        for (int e = 0; e < per; e++)
        {
            ref TElement element = ref memory[start + e * step];
            if (store)
            {
                uint value = Element(register, e, per);
                element = Unsafe.As<uint, TElement>(ref value);
            }
            else
            {
                uint value = 0;
                Unsafe.As<uint, TElement>(ref value) = element;
                register |= value << (bits * e % 32);
            }
        }
    }

    private static (int G, int T) Quad()
    {
        int lane = CpuThread.Current.LaneInWarp;
        return (lane >> 2, lane & 3);
    }
}
