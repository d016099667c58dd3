namespace GpuDsl.Cuda.Tests;

/// <summary>
/// Switch statements and expressions, patterns, deconstruction, enums and integer semantics, on the CUDA device and on
/// the CPU backend, each element checked against plain C# computed here.
/// </summary>
public sealed class LanguageKernelTests(Backends backends)
{
    private const int N = 1000;

    [Theory, BackendData]
    public void Switch_statement_on_an_enum_picks_the_operation_of_each_element(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        Random random = new(1);
        Operation[] operations = Enumerable.Range(0, N).Select(_ => (Operation)random.Next(0, 6)).ToArray();
        int[] a = Ints(random, -1000, 1000), b = Ints(random, -5, 5);
        using DeviceBuffer<Operation> dOperations = gpu.Allocate<Operation>(operations);
        using DeviceBuffer<int> da = gpu.Allocate<int>(a), db = gpu.Allocate<int>(b), result = gpu.Allocate<int>(N);

        LanguageKernels.Launch((N + 127) / 128, 128).Calculate(dOperations, da, db, result);

        int[] expected = Enumerable.Range(0, N).Select(i => operations[i] switch
        {
            Operation.Add => a[i] + b[i],
            Operation.Subtract => a[i] - b[i],
            Operation.Multiply => a[i] * b[i],
            Operation.Divide => b[i] == 0 ? 0 : a[i] / b[i],
            Operation.Max => Math.Max(a[i], b[i]),
            _ => 0,
        }).ToArray();
        Assert.Equal(expected, result.ToArray());
    }

    [Theory, BackendData]
    public void Switch_statement_with_or_labels_continue_and_return_matches_CSharp(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        int[] x = Enumerable.Range(-50, 101).ToArray();
        using DeviceBuffer<int> dx = gpu.Allocate<int>(x), kind = gpu.Allocate<int>(x.Length);

        LanguageKernels.Launch(1, 128).Classify(dx, kind);

        int[] expected = x.Select(v => (v % 10) switch
        {
            0 => 100,
            1 or 3 or 5 => 201,
            7 => 700,
            int r => 300 + r,
        }).ToArray();
        Assert.Equal(expected, kind.ToArray());
    }

    [Theory, BackendData]
    public void Switch_expressions_and_relational_patterns_match_CSharp(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        Random random = new(2);
        int[] x = Enumerable.Range(-20, 140).Append(1000).Append(999).Append(int.MinValue).ToArray();
        Operation[] operations = x.Select(_ => (Operation)random.Next(0, 6)).ToArray();
        using DeviceBuffer<int> dx = gpu.Allocate<int>(x), grade = gpu.Allocate<int>(x.Length), flags = gpu.Allocate<int>(x.Length);
        using DeviceBuffer<Operation> dOperations = gpu.Allocate<Operation>(operations);
        using DeviceBuffer<float> weight = gpu.Allocate<float>(x.Length);

        LanguageKernels.Launch(2, 128).Patterns(dx, dOperations, grade, flags, weight);

        Assert.Equal(x.Select(v => v switch { < 0 => -1, 0 => 0, > 0 and < 10 => 1, >= 10 and <= 99 or 1000 => 2, _ => 3 }).ToArray(), grade.ToArray());
        Assert.Equal(x.Select(v => (v is 1 or 2 or 3 ? 1 : 0) | (v is > 0 and < 10 ? 2 : 0) | (v != 0 ? 4 : 0) |
            (v % 2 != 0 ? 8 : 0) | (v < -5 || v > 5 ? 16 : 0)).ToArray(), flags.ToArray());
        Assert.Equal(operations.Select(o => o switch
        {
            Operation.Add or Operation.Subtract => 1f,
            Operation.Multiply => 2.5f,
            Operation.Divide => 4f,
            _ => -1f,
        }).ToArray(), weight.ToArray());
    }

    [Theory, BackendData]
    public void Tuple_deconstruction_swaps_and_default_literals_match_CSharp(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        Random random = new(3);
        int[] a = Ints(random, -100, 100), b = Ints(random, -100, 100);
        using DeviceBuffer<int> da = gpu.Allocate<int>(a), db = gpu.Allocate<int>(b);
        using DeviceBuffer<float> f = gpu.Allocate<float>(N);

        LanguageKernels.Launch((N + 127) / 128, 128).Tuples(da, db, f);

        Assert.Equal(a.Zip(b, Math.Min).ToArray(), da.ToArray());
        Assert.Equal(a.Zip(b, Math.Max).ToArray(), db.ToArray());
        Assert.Equal(a.Zip(b, (x, y) => Math.Max(x, y) * 0.5f + Math.Min(x, y) / 2 + 0.25f).ToArray(), f.ToArray());
    }

    [Theory, BackendData]
    public void Flags_enum_arithmetic_and_casts_match_CSharp(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        int[] x = Enumerable.Range(-30, 60).ToArray();
        using DeviceBuffer<int> dx = gpu.Allocate<int>(x), count = gpu.Allocate<int>(x.Length);
        using DeviceBuffer<Tags> tags = gpu.Allocate<Tags>(x.Length);
        Tags required = Tags.Even | Tags.Small;

        LanguageKernels.Launch(1, 64).Flags(dx, tags, count, required);

        Tags[] expectedTags = x.Select(v => (v < 0 ? Tags.Negative : 0) | (v % 2 == 0 ? Tags.Even : 0) | (v > -10 && v < 10 ? Tags.Small : 0)).ToArray();
        Assert.Equal(expectedTags, tags.ToArray());
        Assert.Equal(x.Select((v, i) => ((expectedTags[i] & required) == required ? 1 : 0) + ((int)expectedTags[i] << 4) + (v & 7)).ToArray(), count.ToArray());
    }

    [Theory, BackendData]
    public void Division_remainder_and_unchecked_overflow_agree_with_CSharp(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        Random random = new(4);
        int[] x = Ints(random, int.MinValue + 1, int.MaxValue).Concat(new[] { -7, 7, -7, 7, int.MaxValue }).ToArray();
        int[] y = x.Select(_ => random.Next(1, 50) * (random.Next(2) == 0 ? -1 : 1)).ToArray();
        y[^5] = 2; y[^4] = -2; y[^3] = -2; y[^2] = 2; y[^1] = -1;
        using DeviceBuffer<int> dx = gpu.Allocate<int>(x), dy = gpu.Allocate<int>(y);
        using DeviceBuffer<int> quotient = gpu.Allocate<int>(x.Length), remainder = gpu.Allocate<int>(x.Length), hash = gpu.Allocate<int>(x.Length);
        using DeviceBuffer<long> randomValues = gpu.Allocate<long>(x.Length);

        LanguageKernels.Launch((x.Length + 127) / 128, 128).Integers(dx, dy, quotient, remainder, hash, randomValues);

        Assert.Equal(x.Zip(y, (p, q) => p / q).ToArray(), quotient.ToArray());
        Assert.Equal(x.Zip(y, (p, q) => p % q).ToArray(), remainder.ToArray());
        Assert.Equal(x.Select(Fnv).ToArray(), hash.ToArray());
        Assert.Equal(x.Select((v, i) => Lcg(v, i)).ToArray(), randomValues.ToArray());
    }

    private static int Fnv(int v)
    {
        unchecked
        {
            int h = (int)2166136261;
            for (int k = 0; k < 4; k++)
            {
                h ^= (v >> (8 * k)) & 0xff;
                h *= 16777619;
            }

            return h + int.MaxValue;
        }
    }

    private static long Lcg(int v, int i)
    {
        long state = v;
        for (int k = 0; k < 3; k++) state = unchecked(state * 6364136223846793005L + 1442695040888963407L);
        return unchecked(-state + (long)(i << 40));
    }

    private static int[] Ints(Random random, int min, int max) => Enumerable.Range(0, N).Select(_ => random.Next(min, max)).ToArray();
}
