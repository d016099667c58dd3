namespace GpuDsl.Generator.Tests;

/// <summary>Switch statements and expressions, patterns, deconstruction, default literals, unchecked arithmetic, enums.</summary>
public sealed partial class TranslationTests
{
    [Fact]
    public void Switch_statements_become_CUDA_switches_with_braces_only_where_a_section_declares()
    {
        Verify("""
            [Kernel]
            public static void Switches(Span<int> o, int x, long wide)
            {
                switch (x)
                {
                    case 0:
                        o[0] = 10;
                        break;
                    case 1:
                    case 2 or 3:
                        int doubled = x * 2;
                        o[0] = doubled;
                        break;
                    default:
                        o[0] = -1;
                        break;
                    case -7:
                        return;
                }

                for (int i = 0; i < 4; i++)
                {
                    switch (wide)
                    {
                        case 1L: continue;
                        case long.MaxValue: o[1] = 1; break;
                    }
                }
            }
            """);
    }

    [Fact]
    public void Switch_expressions_and_is_patterns_become_conditions_on_the_value()
    {
        Verify("""
            [Kernel]
            public static void Patterns(Span<int> o, Span<float> f, int x, float y, bool flag)
            {
                o[0] = x switch { < 0 => -1, 0 => 0, >= 1 and <= 9 or 100 => 1, _ => 2 };
                o[1] = x is 1 or 2 ? 1 : 0;
                o[2] = flag && x is > 0 and < 10 ? 1 : 0;
                bool notZero = x is not 0;
                if (x is not (> 0 and < 5)) o[3] = notZero ? 1 : 0;
                f[0] = y is float.NaN ? 0f : y switch { > 0.5f => 1f, _ => y };
                o[4] = flag switch { true => 1, false => 0 };
            }
            """);
    }

    [Fact]
    public void Tuple_deconstruction_declares_or_assigns_and_swaps_through_temporaries()
    {
        Verify("""
            [Kernel]
            public static void Tuples(Span<int> s, int x, int y)
            {
                var (a, b) = (x, y + 1);
                (int c, float d) = (a * 2, 0.5f);
                (a, b) = (b, a);
                (s[0], s[1]) = (s[1], s[0]);
                (a, _) = (c, s[2]);
                if (a > b) (a, b) = (b, a);
                s[2] = a + b + c + (int)d;
            }
            """);
    }

    [Fact]
    public void Default_literals_of_scalars_are_their_zero_constants()
    {
        Verify("""
            [Kernel]
            public static void Defaults(Span<double> o)
            {
                int i = default;
                float f = default(float);
                long l = default;
                bool b = default;
                uint u = default(uint);
                o[0] = i + f + l + (b ? 1 : 0) + u + default(double);
            }
            """);
    }

    [Fact]
    public void Unchecked_integer_arithmetic_wraps_through_unsigned_helpers()
    {
        Verify("""
            [Kernel]
            public static void Hashes(Span<int> o, Span<long> w, int x, long y)
            {
                unchecked
                {
                    int h = (int)2166136261;
                    h ^= x;
                    h *= 16777619;
                    o[0] = h + x - 7;
                    o[1] = -h;
                    h <<= 5;
                    o[4] = x << 3;
                    int c = x;
                    c++;
                    o[5] = c--;
                    for (int k = 0; k < x; k++) o[6] += k;
                    long z = y;
                    w[1] = ++z + o[c++]++;
                }

                w[0] = unchecked(y * 6364136223846793005L + 1442695040888963407L);
                o[2] = unchecked(int.MaxValue + 1);
                o[3] = x + 1;
            }
            """);
    }

    [Fact]
    public void Enums_become_enum_classes_and_their_arithmetic_goes_through_the_underlying_type()
    {
        Verify("""
            public enum Mode : byte { Off, On = 5, Auto }

            [System.Flags]
            public enum Bits { None = 0, A = 1, B = 2, C = 4 }

            [Kernel]
            public static void Enums(Span<Mode> modes, Span<Bits> bits, Span<int> o, Mode fallback)
            {
                Mode m = modes[0];
                Mode zero = 0;
                switch (m)
                {
                    case Mode.Off: o[0] = 0; break;
                    case Mode.On or Mode.Auto: o[0] = (int)m; break;
                }

                Bits b = bits[0] | Bits.B;
                b = b & ~Bits.A;
                bits[1] = b ^ Bits.C;
                o[1] = (b & Bits.B) != 0 ? 1 : 0;
                modes[1] = m == Mode.Off ? fallback : (Mode)((int)m + 1);
                o[2] = m switch { Mode.Off => 0, Mode.On => 1, _ => 2 } + (int)(m - Mode.On) + (zero == Mode.Off ? 1 : 0);
            }
            """);
    }
}
