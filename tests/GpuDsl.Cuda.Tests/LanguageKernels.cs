namespace GpuDsl.Cuda.Tests;

/// <summary>The operations a <see cref="LanguageKernels.Calculate"/> thread applies, switched on in GPU code.</summary>
public enum Operation : byte
{
    /// <summary>a + b.</summary>
    Add,

    /// <summary>a - b.</summary>
    Subtract,

    /// <summary>a * b.</summary>
    Multiply,

    /// <summary>a / b, with division by zero giving 0.</summary>
    Divide,

    /// <summary>The larger of a and b.</summary>
    Max,
}

/// <summary>Flags combined with enum bitwise operators in GPU code.</summary>
[Flags]
public enum Tags
{
    /// <summary>No tag.</summary>
    None = 0,

    /// <summary>The value is negative.</summary>
    Negative = 1,

    /// <summary>The value is even.</summary>
    Even = 2,

    /// <summary>The value is a small one (|x| &lt; 10).</summary>
    Small = 4,
}

/// <summary>
/// Statements and expressions beyond the basics, for <see cref="LanguageKernelTests"/>: switch statements and
/// expressions, patterns, tuple deconstruction, default literals, enums and C#'s integer semantics.
/// </summary>
public static partial class LanguageKernels
{
    /// <summary>A switch statement on an enum (several labels per section, default), a local declared in a section.</summary>
    [Kernel]
    public static void Calculate(ReadOnlySpan<Operation> operations, ReadOnlySpan<int> a, ReadOnlySpan<int> b, Span<int> result)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i >= result.Length) return;
        int r;
        switch (operations[i])
        {
            case Operation.Add:
                r = a[i] + b[i];
                break;
            case Operation.Subtract:
                r = a[i] - b[i];
                break;
            case Operation.Multiply:
                int product = a[i] * b[i];
                r = product;
                break;
            case Operation.Divide:
                r = b[i] == 0 ? 0 : a[i] / b[i];
                break;
            case Operation.Max:
                r = Math.Max(a[i], b[i]);
                break;
            default:
                r = 0;
                break;
        }

        result[i] = r;
    }

    /// <summary>A switch statement on an int with 'or' labels, default in the middle, return and continue in sections.</summary>
    [Kernel]
    public static void Classify(ReadOnlySpan<int> x, Span<int> kind)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i >= kind.Length) return;
        int k = -1;
        for (int round = 0; round < 2; round++)
        {
            switch (x[i] % 10)
            {
                case 0:
                    k = 100;
                    break;
                case 1 or 3 or 5:
                    k = 200 + round;
                    continue;
                default:
                    k = 300 + x[i] % 10;
                    break;
                case 7:
                    kind[i] = 700;
                    return;
            }
        }

        kind[i] = k;
    }

    /// <summary>Switch expressions on an int and an enum, and relational patterns with and/or/not.</summary>
    [Kernel]
    public static void Patterns(ReadOnlySpan<int> x, ReadOnlySpan<Operation> operations, Span<int> grade, Span<int> flags, Span<float> weight)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i >= grade.Length) return;
        int v = x[i];
        grade[i] = v switch
        {
            < 0 => -1,
            0 => 0,
            > 0 and < 10 => 1,
            >= 10 and <= 99 or 1000 => 2,
            _ => 3,
        };
        int f = 0;
        if (v is 1 or 2 or 3) f |= 1;
        if (v is > 0 and < 10) f |= 2;
        if (v is not 0) f |= 4;
        bool odd = v % 2 is 1 or -1;
        f |= odd ? 8 : 0;
        f |= !(v is >= -5 and <= 5) ? 16 : 0;
        flags[i] = f;
        weight[i] = operations[i] switch
        {
            Operation.Add or Operation.Subtract => 1f,
            Operation.Multiply => 2.5f,
            Operation.Divide => 4f,
            _ => -1f,
        };
    }

    /// <summary>Tuple deconstruction into new locals and a swap, with default literals of every scalar kind.</summary>
    [Kernel]
    public static void Tuples(Span<int> a, Span<int> b, Span<float> f)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i >= a.Length) return;
        var (x, y) = (a[i], b[i]);
        if (x > y) (x, y) = (y, x);
        (a[i], b[i]) = (x, y);
        (int low, float half) = (x / 2, y * 0.5f);
        int zero = default;
        float none = default(float);
        long wide = default;
        bool no = default;
        Operation first = default;
        f[i] = half + low + zero + none + wide + (no ? 1 : 0) + (first == Operation.Add ? 0.25f : 0f);
    }

    /// <summary>Enum arithmetic and flags: bitwise or/and, HasFlag-free tests, casts both ways, enum parameters.</summary>
    [Kernel]
    public static void Flags(ReadOnlySpan<int> x, Span<Tags> tags, Span<int> count, Tags required)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i >= tags.Length) return;
        int v = x[i];
        Tags t = Tags.None;
        if (v < 0) t = t | Tags.Negative;
        if (v % 2 == 0) t = t | Tags.Even;
        if (v > -10 && v < 10) t = t | Tags.Small;
        tags[i] = t;
        count[i] = ((t & required) == required ? 1 : 0) + ((int)t << 4) + (int)(Tags)(v & 7);
    }

    /// <summary>
    /// C# integer semantics on valid input: / and % truncate toward zero for negatives on both sides, shifts mask their
    /// count, and unchecked arithmetic wraps (a 32-bit FNV-1a hash and a 64-bit LCG rely on it).
    /// </summary>
    [Kernel]
    public static void Integers(ReadOnlySpan<int> x, ReadOnlySpan<int> y, Span<int> quotient, Span<int> remainder, Span<int> hash, Span<long> random)
    {
        int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;
        if (i >= x.Length) return;
        quotient[i] = x[i] / y[i];
        remainder[i] = x[i] % y[i];
        unchecked
        {
            int h = (int)2166136261;
            for (int k = 0; k < 4; k++)
            {
                h ^= (x[i] >> (8 * k)) & 0xff;
                h *= 16777619;
            }

            hash[i] = h + int.MaxValue;
        }

        long state = x[i];
        for (int k = 0; k < 3; k++) state = unchecked(state * 6364136223846793005L + 1442695040888963407L);
        random[i] = unchecked(-state + (long)(i << 40));
    }
}
