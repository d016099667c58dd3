namespace GpuDsl.Fuzz.Tests;

/// <summary>
/// A kernel's inputs: first the values that break code (0, -0, ±1, the extremes, NaN, the infinities, subnormals,
/// halves that round either way, powers of two), paired so that each interesting value of <c>a</c> meets several of
/// <c>b</c>, then random bit patterns and random small values.
/// </summary>
internal static class InputValues
{
    /// <summary>Elements per kernel: two blocks of 128 threads, the second partly idle.</summary>
    public const int Length = 200;

    public static void IntegerRange(ScalarType t, out long min, out ulong max)
    {
        min = t.Signed ? -(1L << (t.Bits - 1)) : 0;
        max = t.Signed ? (1UL << (t.Bits - 1)) - 1 : t.Bits == 64 ? ulong.MaxValue : (1UL << t.Bits) - 1;
    }

    /// <summary>The inputs <c>a</c> and <c>b</c> of <paramref name="kernel"/>, from its own random stream.</summary>
    public static (Array A, Array B) For(GeneratedKernel kernel)
    {
        Random random = GeneratedKernel.RandomFor(kernel.Seed, kernel.Index, 1);
        object[] interestingA = Interesting(kernel.A), interestingB = Interesting(kernel.B);
        Array a = Array.CreateInstance(kernel.A.Clr, Length), b = Array.CreateInstance(kernel.B.Clr, Length);
        for (int i = 0; i < Length; i++)
        {
            bool paired = i < Length / 2;
            a.SetValue(paired ? interestingA[i % interestingA.Length] : RandomValue(kernel.A, random), i);
            b.SetValue(paired ? interestingB[(i / interestingA.Length + i) % interestingB.Length] : RandomValue(kernel.B, random), i);
        }

        return (a, b);
    }

    private static object[] Interesting(ScalarType t)
    {
        if (t.Kind == ScalarKind.Bool)
        {
            return [false, true];
        }

        if (t.IsInteger)
        {
            IntegerRange(t, out long min, out ulong max);
            List<long> signed = [0, 1, 2, 3, 7, 8, 100, 127, 128, 255, 256, 1000, 65535, 65536, int.MaxValue, 1L << 40, long.MaxValue];
            if (t.Signed)
            {
                signed.AddRange([-1, -2, -3, -8, -100, -128, -129, -32768, int.MinValue, long.MinValue, min, min + 1]);
            }

            List<ulong> all = [.. signed.Select(v => unchecked((ulong)v)), max, max - 1, ulong.MaxValue];
            return all.Select(v => Convert(t, v)).Distinct().ToArray();
        }

        double[] values =
        [
            0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 1.5, 2.5, -2.5, 3.5, 0.1, 1e-3, 1000.0, 65504.0, 65520.0, 1e10, -1e10,
            double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1e-40, -1e-40, 1e-310, 6e-8, 5e-5,
            float.Epsilon, float.MaxValue, float.MinValue, double.Epsilon, double.MaxValue, double.MinValue,
            2147483648.0, -2147483649.0, 4294967296.0, 9.3e18, 1.9e19, 255.5, -128.5, 32767.5,
        ];
        return t.Kind switch
        {
            ScalarKind.Half => values.Select(v => (object)(Half)v).Append(BitConverter.UInt16BitsToHalf(1)).Append(Half.MinValue).ToArray(),
            // Beside the shared values: halfway cases (1 + 2^-8 is a tie, the next one up is odd) and the smallest subnormal.
            ScalarKind.BFloat16 => values.Select(v => (object)(BFloat16)v)
                .Concat(new ushort[] { 0x0001, 0x3F81, 0x4B80, 0x7F7F, 0xFF7F }.Select(b => (object)BFloat16.UInt16BitsToBFloat16(b))).ToArray(),
            _ when t == ScalarType.Float => values.Select(v => (object)(float)v).Append(BitConverter.Int32BitsToSingle(0x7FC00001)).ToArray(),
            _ => values.Select(v => (object)v).ToArray(),
        };
    }

    private static object RandomValue(ScalarType t, Random random)
    {
        ulong bits = (ulong)random.NextInt64() ^ ((ulong)random.Next() << 40);
        bool small = random.Next(3) == 0;
        return t.Kind switch
        {
            ScalarKind.Bool => random.Next(2) == 1,
            ScalarKind.Integer => Convert(t, small ? unchecked((ulong)(long)random.Next(-300, 300)) : bits),
            ScalarKind.Half => small ? (Half)(random.Next(-4000, 4000) / 8.0) : BitConverter.UInt16BitsToHalf((ushort)bits),
            ScalarKind.BFloat16 => small ? (BFloat16)(random.Next(-4000, 4000) / 8.0) : BFloat16.UInt16BitsToBFloat16((ushort)bits),
            _ when t == ScalarType.Float => small ? random.Next(-4000, 4000) / 8f : BitConverter.UInt32BitsToSingle((uint)bits),
            _ => small ? random.Next(-4000, 4000) / 8.0 : BitConverter.UInt64BitsToDouble(bits),
        };
    }

    /// <summary>The low bits of <paramref name="bits"/> as a value of integer type <paramref name="t"/>.</summary>
    private static object Convert(ScalarType t, ulong bits) => t.Name switch
    {
        "byte" => (byte)bits,
        "sbyte" => (sbyte)bits,
        "short" => (short)bits,
        "ushort" => (ushort)bits,
        "int" => (int)bits,
        "uint" => (uint)bits,
        "long" => (long)bits,
        _ => bits,
    };
}
