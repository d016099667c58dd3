using System.Globalization;

namespace GpuDsl.Fuzz.Tests;

// Expressions: every one written here has exactly the type asked for (a cast says so where C# would promote), and
// reads no variable twice unless it is a plain variable, so no expression has side effects to repeat.
internal sealed partial class KernelWriter
{
    private string Expression(ScalarType t, int depth)
    {
        if (depth <= 0 || Chance(0.3))
        {
            return Leaf(t);
        }

        List<Func<string?>> forms = t.Kind switch
        {
            ScalarKind.Bool => BoolForms(depth - 1),
            ScalarKind.Integer => IntegerForms(t, depth - 1),
            ScalarKind.Float => FloatForms(t, depth - 1),
            _ => HalfForms(depth - 1),
        };
        forms.Add(() => $"({Expression(ScalarType.Bool, depth - 1)} ? {Expression(t, depth - 1)} : {Expression(t, depth - 1)})");
        if (t.Kind != ScalarKind.Bool)
        {
            forms.Add(() => Cast(t, Expression(AnyNumericType(), depth - 1)));
            forms.Add(() => Enabled("switch-expression") ? SwitchExpression(t, depth - 1) : null);
            forms.Add(() => _helper is { } h && h.Return == t && Enabled("device-call")
                ? $"{h.Name}({Expression(h.P, depth - 1)}, {Expression(h.Q, depth - 1)})"
                : null);
        }

        // A form that does not apply here (no divisor in scope, a disabled construct) says null; try another.
        for (int attempt = 0; attempt < 8; attempt++)
        {
            if (Pick(forms)() is { } text)
            {
                return text;
            }
        }

        return Leaf(t);
    }

    private List<Func<string?>> BoolForms(int d)
    {
        return
        [
            () =>
            {
                ScalarType u = AnyNumericType();
                return $"({Expression(u, d)} {Pick(["<", "<=", ">", ">=", "==", "!="])} {Expression(u, d)})";
            },
            () => $"(!{Expression(ScalarType.Bool, d)})",
            () => $"({Expression(ScalarType.Bool, d)} {Pick(["&&", "||", "&", "|", "^", "==", "!="])} {Expression(ScalarType.Bool, d)})",
            () => Enabled("pattern") ? Pattern() : null,
            () =>
            {
                ScalarType f = Pick([ScalarType.Float, ScalarType.Double, ScalarType.Half]);
                string test = Pick(["IsNaN", "IsInfinity", "IsFinite", "IsNormal", "IsPositiveInfinity", "IsNegativeInfinity", "IsNegative"]);
                if (f.Kind == ScalarKind.Half && test != "IsNaN" && !Enabled("half-classification"))
                {
                    return null;
                }

                string argument = test == "IsNegative" ? CanonicalNaN(f) : Expression(f, d);
                return $"{f}.{test}({argument})";
            },
            () =>
            {
                ScalarType i = Pick(ScalarType.Integers);
                string test = Pick<string>(i.Signed ? ["IsPow2", "IsEvenInteger", "IsOddInteger", "IsNegative"] : ["IsPow2", "IsEvenInteger", "IsOddInteger"]);
                return Enabled("integer-bit-members") ? $"{i}.{test}({Expression(i, d)})" : null;
            },
            () =>
            {
                ScalarType i = Pick([ScalarType.Int, ScalarType.UInt, ScalarType.Long, ScalarType.ULong]);
                return Enabled("bit-operations-pow2-rotate") ? $"BitOperations.IsPow2({Expression(i, d)})" : null;
            },
        ];
    }

    private List<Func<string?>> IntegerForms(ScalarType t, int d)
    {
        List<Func<string?>> forms =
        [
            () => Binary(t, Pick(["+", "-", "*", "&", "|", "^"]), Expression(t, d), Expression(t, d)),
            () => Binary(t, Pick(["+", "-", "*"]), Expression(t, d), Expression(t, d)),
            () => Binary(t, Pick(["<<", ">>", ">>>"]), Expression(t, d), Expression(ScalarType.Int, d)),
            () => Divisor(t) is { } divisor ? Binary(t, Pick(["/", "%"]), Expression(t, d), divisor) : null,
            () => t == ScalarType.ULong ? null : Cast(t, $"-({Expression(t, d)})"),
            () => Cast(t, $"~({Expression(t, d)})"),
            () => $"Math.{Pick(["Min", "Max"])}({Expression(t, d)}, {Expression(t, d)})",
            () => $"Math.Clamp({Expression(t, d)}, {ClampBounds(t)})",
            () => t.Signed ? $"Math.Abs({Cast(t, $"{Cast(t, Expression(t, d))} >> 1")})" : null,
            () => StaticIntegerMember(t, d),
        ];
        if (t == ScalarType.Int)
        {
            forms.Add(() =>
            {
                ScalarType u = Pick(ScalarType.Numeric.Where(n => n.Signed && n.Kind != ScalarKind.Half).ToArray());
                return u.IsInteger ? $"Math.Sign({Expression(u, d)})" : $"Math.Sign({NaNAsZero(u)})";
            });
            forms.Add(() => Enabled("bit-operations")
                ? $"BitOperations.{Pick(["PopCount", "LeadingZeroCount", "Log2"])}({Expression(Pick([ScalarType.UInt, ScalarType.ULong]), d)})"
                : null);
            forms.Add(() => Enabled("bit-operations")
                ? $"BitOperations.TrailingZeroCount({Expression(Pick([ScalarType.Int, ScalarType.UInt, ScalarType.Long, ScalarType.ULong]), d)})"
                : null);
            forms.Add(() => Chance(0.5) ? $"Math.ILogB({Expression(ScalarType.Double, d)})" : $"MathF.ILogB({Expression(ScalarType.Float, d)})");
        }

        if (t == ScalarType.UInt || t == ScalarType.ULong)
        {
            forms.Add(() => Enabled("bit-operations-pow2-rotate")
                ? $"BitOperations.{Pick(["RotateLeft", "RotateRight"])}({Expression(t, d)}, {Expression(ScalarType.Int, d)})"
                : null);
        }

        string? bits = t.Name switch
        {
            "int" => $"BitConverter.SingleToInt32Bits({CanonicalNaN(ScalarType.Float)})",
            "uint" => $"BitConverter.SingleToUInt32Bits({CanonicalNaN(ScalarType.Float)})",
            "long" => $"BitConverter.DoubleToInt64Bits({CanonicalNaN(ScalarType.Double)})",
            "ulong" => $"BitConverter.DoubleToUInt64Bits({CanonicalNaN(ScalarType.Double)})",
            "short" => $"BitConverter.HalfToInt16Bits({CanonicalNaN(ScalarType.Half)})",
            "ushort" => $"BitConverter.HalfToUInt16Bits({CanonicalNaN(ScalarType.Half)})",
            _ => null,
        };
        if (bits is not null)
        {
            forms.Add(() => bits);
        }

        return forms;
    }

    /// <summary><c>int.PopCount(x)</c> and the other static members of the integer types; null when disabled.</summary>
    private string? StaticIntegerMember(ScalarType t, int d)
    {
        string x = Expression(t, d);
        int form = _random.Next(10);
        if (form < 6 && !Enabled("integer-bit-members"))
        {
            return null;
        }

        return form switch
        {
            0 => $"{t}.PopCount({x})",
            1 => $"{t}.LeadingZeroCount({x})",
            2 => $"{t}.TrailingZeroCount({x})",
            3 => $"{t}.{Pick(["RotateLeft", "RotateRight"])}({x}, {Expression(ScalarType.Int, d)})",
            4 => $"{t}.Log2({(t.Signed ? Cast(t, $"{x} & {t}.MaxValue") : x)})",
            5 => t.Signed ? $"{t}.{Pick(["MaxMagnitude", "MinMagnitude"])}({x}, {Expression(t, d)})" : $"{t}.PopCount({x})",
            6 => $"{t}.{Pick(["Max", "Min"])}({x}, {Expression(t, d)})",
            7 => $"{t}.Clamp({x}, {ClampBounds(t)})",
            8 when t == ScalarType.Int && Pick(ScalarType.Integers.Where(i => i.Signed).ToArray()) is var u => $"{u}.Sign({Expression(u, d)})",
            _ => $"{t}.{Pick(["MaxValue", "MinValue"])}",
        };
    }

    private List<Func<string?>> FloatForms(ScalarType t, int d)
    {
        string math = t == ScalarType.Float ? "MathF" : "Math";
        return
        [
            () => Binary(t, Pick(["+", "-", "*", "/"]), Expression(t, d), Expression(t, d)),
            () => Binary(t, Pick(["+", "-", "*", "/", "%"]), Expression(t, d), Expression(t, d)),
            () => $"(-{Expression(t, d)})",
            () => $"{math}.{Pick(["Sqrt", "Floor", "Ceiling", "Round", "Truncate", "Abs"])}({Expression(t, d)})",
            () => $"{math}.{Pick(["Min", "Max", "IEEERemainder", "MaxMagnitude", "MinMagnitude"])}({Expression(t, d)}, {Expression(t, d)})",
            () => $"{math}.FusedMultiplyAdd({Expression(t, d)}, {Expression(t, d)}, {Expression(t, d)})",
            () => $"{math}.CopySign({Expression(t, d)}, {CanonicalNaN(t)})",
            () => $"{math}.ScaleB({Expression(t, d)}, {Expression(ScalarType.Int, d)})",
            () => $"Math.Clamp({Expression(t, d)}, {ClampBounds(t)})",
            () => StaticFloatMember(t, d),
            () => t == ScalarType.Float
                ? Pick([$"BitConverter.Int32BitsToSingle({Expression(ScalarType.Int, d)})", $"BitConverter.UInt32BitsToSingle({Expression(ScalarType.UInt, d)})"])
                : Pick([$"BitConverter.Int64BitsToDouble({Expression(ScalarType.Long, d)})", $"BitConverter.UInt64BitsToDouble({Expression(ScalarType.ULong, d)})"]),
        ];
    }

    private string? StaticFloatMember(ScalarType t, int d) => _random.Next(5) switch
    {
        0 when Enabled("float-number-members") => NumberMaxOrMin(t, d),
        0 => null,
        4 => $"{t}.{Pick(["Max", "Min", "MaxMagnitude", "MinMagnitude"])}({Expression(t, d)}, {Expression(t, d)})",
        1 => $"{t}.{Pick(["Abs", "Sqrt", "Floor", "Ceiling", "Round", "Truncate"])}({Expression(t, d)})",
        2 => $"{t}.CopySign({Expression(t, d)}, {CanonicalNaN(t)})",
        _ => $"{t}.FusedMultiplyAdd({Expression(t, d)}, {Expression(t, d)}, {Expression(t, d)})",
    };

    /// <summary>
    /// <c>float.MaxNumber</c>/<c>MinNumber</c> of two expressions, neither a signed-zero literal: .NET 10.0.12's JIT
    /// gets <c>float.MaxNumber(-0.0f, b)</c> wrong for every positive <c>b</c> (0 instead of b; also
    /// <c>double.MaxNumber(-0.0, b)</c> and <c>float.MaxNumber(b, -0.0f)</c>), so plain C# is no oracle there; CUDA
    /// gives IEEE maxNumber's answer.
    /// </summary>
    private string NumberMaxOrMin(ScalarType t, int d)
    {
        string Operand()
        {
            string text = Expression(t, d);
            return System.Text.RegularExpressions.Regex.IsMatch(text, @"^\(*-?0\.0[fd]?\)*$") ? Expression(t, 0) + " + 1" : text;
        }

        return $"{t}.{Pick(["MaxNumber", "MinNumber"])}({Operand()}, {Operand()})";
    }

    private List<Func<string?>> HalfForms(int d)
    {
        ScalarType h = ScalarType.Half;
        return
        [
            () => $"({Expression(h, d)} {Pick(["+", "-", "*", "/", "%"])} {Expression(h, d)})",
            () => $"(-{Expression(h, d)})",
            () => Pick([$"BitConverter.Int16BitsToHalf({Expression(ScalarType.Short, d)})", $"BitConverter.UInt16BitsToHalf({Expression(ScalarType.UShort, d)})"]),
            () => Enabled("half-members")
                ? Pick([$"Half.{Pick(["Max", "Min"])}({Expression(h, d)}, {Expression(h, d)})", $"Half.{Pick(["Abs", "Sqrt", "Floor", "Ceiling", "Round", "Truncate"])}({Expression(h, d)})"])
                : null,
        ];
    }

    /// <summary><c>v is ...</c> on a variable, with constants the variable's type holds and no pattern subsuming another.</summary>
    private string? Pattern()
    {
        if (Visible(v => v.Type.IsInteger || v.Type.Kind == ScalarKind.Float) is not { } v)
        {
            return null;
        }

        string[] c = SmallConstants(v.Type, 4);
        return _random.Next(5) switch
        {
            0 => $"({v.Name} is > {c[0]} and < {c[3]})",
            1 => $"({v.Name} is {c[0]} or {c[1]} or {c[2]})",
            2 => $"({v.Name} is not {c[1]})",
            3 => v.Type.Kind == ScalarKind.Float ? $"({v.Name} is {v.Type}.NaN)" : $"({v.Name} is >= {c[1]})",
            _ => $"({v.Name} is < {c[0]} or > {c[2]})",
        };
    }

    private string? SwitchExpression(ScalarType t, int d)
    {
        if (Visible(v => v.Type.IsInteger || v.Type.Kind == ScalarKind.Float) is not { } v)
        {
            return null;
        }

        string[] c = SmallConstants(v.Type, 4);
        return $"({v.Name} switch {{ {c[0]} => {Expression(t, d)}, {c[1]} or {c[2]} => {Expression(t, d)}, > {c[3]} => {Expression(t, d)}, _ => {Expression(t, d)} }})";
    }

    /// <summary><paramref name="count"/> distinct constants of <paramref name="t"/> in increasing order.</summary>
    private string[] SmallConstants(ScalarType t, int count)
    {
        int[] values = DistinctSmall(count, t.Signed ? -4 : 0, 9);
        Array.Sort(values);
        // Unparenthesized, as patterns are usually written (a parenthesized pattern is another construct).
        return t.Kind == ScalarKind.Float
            ? values.Select(v => FloatLiteral(t, v + 0.5 * _random.Next(2)).Trim('(', ')')).ToArray()
            : values.Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray();
    }

    /// <summary>A divisor of type <paramref name="t"/> that is never 0 or -1 (so neither <c>x / 0</c> nor <c>MinValue / -1</c>).</summary>
    private string? Divisor(ScalarType t)
    {
        if (Visible(v => v.Type == t) is not { } v)
        {
            return null;
        }

        return t.Signed ? $"({v.Name} is 0 or -1 ? {Cast(t, "1")} : {v.Name})" : $"({v.Name} is 0 ? {Cast(t, "1")} : {v.Name})";
    }

    private string ClampBounds(ScalarType t)
    {
        if (t.Kind == ScalarKind.Float)
        {
            double low = _random.Next(-8, 4) * 0.5;
            return $"{FloatLiteral(t, low)}, {FloatLiteral(t, low + _random.Next(0, 8) * 0.5)}";
        }

        int[] bounds = DistinctSmall(2, t.Signed ? -20 : 0, 40);
        Array.Sort(bounds);
        return $"{Cast(t, bounds[0].ToString(CultureInfo.InvariantCulture))}, {Cast(t, bounds[1].ToString(CultureInfo.InvariantCulture))}";
    }

    /// <summary>A float variable or literal with any NaN replaced by the type's own <c>NaN</c>, whose bits C# fixes.</summary>
    private string CanonicalNaN(ScalarType f)
    {
        string v = Visible(x => x.Type == f)?.Name ?? FloatingLiteral(f);
        // Without Half.NaN, C#'s Half NaN by its bits (0xFE00): (Half)float.NaN would test the conversion's NaN instead,
        // which the GPU's cvt makes canonical.
        string nan = f.Kind == ScalarKind.Half && !Enabled("half-constants") ? "BitConverter.Int16BitsToHalf(-512)" : $"{f}.NaN";
        return $"({f}.IsNaN({v}) ? {nan} : {v})";
    }

    /// <summary>A float variable or literal with NaN replaced by 0, for <c>Math.Sign</c>, which throws on NaN.</summary>
    private string NaNAsZero(ScalarType f)
    {
        string v = Visible(x => x.Type == f)?.Name ?? FloatingLiteral(f);
        return $"({f}.IsNaN({v}) ? 0 : {v})";
    }

    /// <summary>
    /// An operator applied to two operands of <paramref name="t"/> (or an <c>int</c> shift count), cast back to
    /// <paramref name="t"/> where C# computes in <c>int</c>.
    /// </summary>
    private static string Binary(ScalarType t, string op, string left, string right) =>
        t.IsPromoted ? Cast(t, $"{left} {op} {right}") : $"({left} {op} {right})";

    private static string Cast(ScalarType t, string operand) => $"(({t})({operand}))";

    private string Leaf(ScalarType t)
    {
        if (Chance(0.7) && Visible(v => v.Type == t) is { } same)
        {
            return same.Name;
        }

        if (t.Kind != ScalarKind.Bool && Chance(0.4) && Visible(v => v.Type.Kind != ScalarKind.Bool) is { } other)
        {
            return Cast(t, other.Name);
        }

        if (t.Kind == ScalarKind.Bool && Chance(0.5) && Visible(v => v.Type == ScalarType.Bool) is null &&
            Visible(v => v.Type.IsInteger) is { } integer)
        {
            return $"({integer.Name} > {SmallConstants(integer.Type, 1)[0]})";
        }

        return Literal(t);
    }

    private string Literal(ScalarType t) => t.Kind switch
    {
        ScalarKind.Bool => Chance(0.5) ? "true" : "false",
        ScalarKind.Integer => IntegerLiteral(t),
        _ => FloatingLiteral(t),
    };

    private string IntegerLiteral(ScalarType t)
    {
        InputValues.IntegerRange(t, out long min, out ulong max);
        int pick = _random.Next(10);
        if (pick == 0)
        {
            return $"{t}.MaxValue";
        }

        if (pick == 1)
        {
            return $"{t}.MinValue";
        }

        long value = pick switch
        {
            < 6 => _random.Next(t.Signed ? -3 : 0, 10),
            < 8 => 1L << _random.Next(t.Bits - 1),
            _ => _random.NextInt64(min, max > long.MaxValue ? long.MaxValue : (long)max),
        };
        string text = value.ToString(CultureInfo.InvariantCulture);
        return t.IsPromoted
            ? Cast(t, text)
            : value < 0 ? $"({text}{t.Suffix})" : $"{text}{t.Suffix}";
    }

    private string FloatingLiteral(ScalarType t)
    {
        int pick = _random.Next(12);
        if (pick == 0 && (t.Kind == ScalarKind.Float || Enabled("half-constants")))
        {
            return $"{t}.{Pick(["NaN", "PositiveInfinity", "NegativeInfinity", "MaxValue", "MinValue", "Epsilon"])}";
        }

        double value = pick switch
        {
            1 => -0.0,
            < 7 => Pick([0.0, 1.0, -1.0, 0.5, 2.5, -2.5, 1.5, 3.0, -0.5, 0.25, 1e-3]),
            < 9 => Math.ScaleB(1.0, _random.Next(-30, 30)) * (Chance(0.5) ? -1 : 1),
            _ => Math.Round((_random.NextDouble() - 0.5) * 2000, _random.Next(0, 4)),
        };
        if (t.Kind == ScalarKind.Half)
        {
            return $"((Half)({FloatLiteral(ScalarType.Float, (float)(Half)value)}))";
        }

        return FloatLiteral(t, value);
    }

    private static string FloatLiteral(ScalarType t, double value)
    {
        string type = t == ScalarType.Double ? "double" : "float";
        if (!double.IsFinite(t == ScalarType.Double ? value : (float)value))
        {
            return double.IsNaN(value) ? $"{type}.NaN" : value > 0 ? $"{type}.PositiveInfinity" : $"{type}.NegativeInfinity";
        }

        string text = t == ScalarType.Double
            ? value.ToString("R", CultureInfo.InvariantCulture)
            : ((float)value).ToString("R", CultureInfo.InvariantCulture);
        if (!text.Contains('.') && !text.Contains('E'))
        {
            text += ".0";
        }

        text += t == ScalarType.Double ? "d" : "f";
        return text.StartsWith('-') ? $"({text})" : text;
    }
}
