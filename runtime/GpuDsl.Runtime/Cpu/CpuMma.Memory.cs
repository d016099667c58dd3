using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GpuDsl.Cpu;

/// <summary>The CPU backend's <c>ldmatrix</c>, <c>cp.async</c> and <c>cvt.rna.tf32.f32</c>.</summary>
internal static partial class CpuMma
{
    /// <summary>
    /// <c>ldmatrix.sync.aligned.m8n8.x{matrices}(.trans).shared.b16</c>: lanes 0 to 8 <paramref name="matrices"/> - 1 read
    /// their row (8 elements from <paramref name="offset"/>); every lane then takes, for register j, the elements the PTX
    /// ISA gives it of matrix j from the rows all lanes gathered (one warp collective).
    /// </summary>
    public static TFragment LoadMatrix<TFragment, TElement>(ReadOnlySpan<TElement> shared, int offset, int matrices, bool transpose)
        where TFragment : unmanaged where TElement : unmanaged
    {
        int lane = CpuThread.Current.LaneInWarp;
        MatrixRow row = default;
        if (lane < 8 * matrices)
        {
            if (offset * Unsafe.SizeOf<TElement>() % 16 != 0)
            {
                // The GPU faults on a misaligned row address (a misaligned-address error); say so here instead.
                throw new InvalidOperationException(
                    $"Gpu.LoadMatrixX{matrices}{(transpose ? "Transposed" : "")} in lane {lane} at shared index {offset}: each row " +
                    "address must be a multiple of 16 bytes (8 halves), as ldmatrix requires.");
            }

            MemoryMarshal.Cast<TElement, MatrixRow>(shared.Slice(offset, 8)).CopyTo(new Span<MatrixRow>(ref row));
        }

        Span<MatrixRow> all = new MatrixRow[CpuWarp.Size];
        CpuThread.Current.Gather(uint.MaxValue, row, all);
        TFragment fragment = default;
        Span<uint> registers = Registers<TFragment, uint>(ref fragment);
        for (int j = 0; j < matrices; j++)
        {
            if (!transpose)
            {
                // Row lane / 4 of matrix j, columns 2 (lane % 4) and the next: one 32-bit word of that row.
                MatrixRow from = all[8 * j + (lane >> 2)];
                registers[j] = from.Word(lane & 3);
            }
            else
            {
                // Column lane / 4 of rows 2 (lane % 4) and the next of matrix j.
                MatrixRow upper = all[8 * j + 2 * (lane & 3)];
                MatrixRow lower = all[8 * j + 2 * (lane & 3) + 1];
                registers[j] = upper.Element(lane >> 2) | (uint)lower.Element(lane >> 2) << 16;
            }
        }

        return fragment;
    }

    /// <summary><c>cp.async</c> of <paramref name="bytes"/> bytes, done at once; the addresses must be aligned as the
    /// GPU requires, which the CPU checks on the indexes.</summary>
    public static void CopyAsync<T>(Span<T> shared, int sharedIndex, ReadOnlySpan<T> global, int globalIndex, int bytes) where T : unmanaged
    {
        int size = Unsafe.SizeOf<T>();
        if (bytes % size != 0 || sharedIndex * size % bytes != 0 || globalIndex * size % bytes != 0)
        {
            throw new InvalidOperationException(
                $"Gpu.CopyAsync{bytes} of {typeof(T).Name} at shared index {sharedIndex} from global index {globalIndex}: the copy must be a " +
                $"whole number of elements and both addresses multiples of {bytes} bytes, as cp.async requires.");
        }

        global.Slice(globalIndex, bytes / size).CopyTo(shared[sharedIndex..]);
    }

    /// <summary><c>cvt.rna.tf32.f32</c>: to nearest, ties away from zero, at bit 13; infinities and NaN unchanged.</summary>
    public static float ToTf32(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        if ((bits & 0x7F80_0000u) == 0x7F80_0000u)
        {
            return value;
        }

        // Adding half a unit of the last TF32 place to the magnitude and truncating rounds ties away from zero; a carry
        // into the exponent is the correct next binade (or infinity), as on the GPU.
        return BitConverter.UInt32BitsToSingle((bits + 0x1000u) & 0xFFFF_E000u);
    }

    /// <summary>One 16-byte row of an 8 x 8 matrix of 16-bit elements, shuffled as a whole between lanes.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct MatrixRow
    {
        public ulong Low, High;

        public readonly uint Word(int i) => (uint)((i < 2 ? Low : High) >> (32 * (i & 1)));

        public readonly ushort Element(int i) => (ushort)((i < 4 ? Low : High) >> (16 * (i & 3)));
    }
}
