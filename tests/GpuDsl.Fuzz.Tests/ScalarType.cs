namespace GpuDsl.Fuzz.Tests;

/// <summary>What a scalar type is, for choosing the operators and literals a random kernel may use on it.</summary>
internal enum ScalarKind
{
    Bool,
    Integer,
    Float,
    Half,
    BFloat16,
}

/// <summary>One of the twelve scalar types GPU code holds, with what the kernel writer needs to know about it.</summary>
/// <param name="Name">The C# keyword or type name as written in source (<c>int</c>, <c>Half</c>).</param>
/// <param name="Clr">The runtime type, for buffers and launches.</param>
/// <param name="Kind">Bool, integer, binary float, or Half.</param>
/// <param name="Bits">The width in bits.</param>
/// <param name="Signed">Whether negative values exist (floats and Half too).</param>
internal sealed record ScalarType(string Name, Type Clr, ScalarKind Kind, int Bits, bool Signed)
{
    public static readonly ScalarType Bool = new("bool", typeof(bool), ScalarKind.Bool, 8, false);
    public static readonly ScalarType Byte = new("byte", typeof(byte), ScalarKind.Integer, 8, false);
    public static readonly ScalarType SByte = new("sbyte", typeof(sbyte), ScalarKind.Integer, 8, true);
    public static readonly ScalarType Short = new("short", typeof(short), ScalarKind.Integer, 16, true);
    public static readonly ScalarType UShort = new("ushort", typeof(ushort), ScalarKind.Integer, 16, false);
    public static readonly ScalarType Int = new("int", typeof(int), ScalarKind.Integer, 32, true);
    public static readonly ScalarType UInt = new("uint", typeof(uint), ScalarKind.Integer, 32, false);
    public static readonly ScalarType Long = new("long", typeof(long), ScalarKind.Integer, 64, true);
    public static readonly ScalarType ULong = new("ulong", typeof(ulong), ScalarKind.Integer, 64, false);
    public static readonly ScalarType Float = new("float", typeof(float), ScalarKind.Float, 32, true);
    public static readonly ScalarType Double = new("double", typeof(double), ScalarKind.Float, 64, true);
    public static readonly ScalarType Half = new("Half", typeof(System.Half), ScalarKind.Half, 16, true);

    /// <summary>GpuDsl's bfloat16: in hand-written kernels only, since the random writer knows none of its forms yet.</summary>
    public static readonly ScalarType BFloat16 = new("BFloat16", typeof(GpuDsl.BFloat16), ScalarKind.BFloat16, 16, true);

    public static readonly ScalarType[] All = [Bool, Byte, SByte, Short, UShort, Int, UInt, Long, ULong, Float, Double, Half];

    /// <summary>Every type a hand-written kernel may name: <see cref="All"/> and <see cref="BFloat16"/>.</summary>
    public static readonly ScalarType[] Nameable = [.. All, BFloat16];

    public static readonly ScalarType[] Numeric = All.Where(t => t.Kind != ScalarKind.Bool).ToArray();

    public static readonly ScalarType[] Integers = All.Where(t => t.Kind == ScalarKind.Integer).ToArray();

    public bool IsInteger => Kind == ScalarKind.Integer;

    public bool IsFloating => Kind is ScalarKind.Float or ScalarKind.Half or ScalarKind.BFloat16;

    /// <summary>Integers narrower than <c>int</c>, whose arithmetic C# does in <c>int</c>.</summary>
    public bool IsPromoted => IsInteger && Bits < 32;

    /// <summary><c>int</c>, <c>uint</c>, <c>long</c>, <c>ulong</c>: the integers whose operators return their own type.</summary>
    public bool IsWideInteger => IsInteger && Bits >= 32;

    /// <summary>The literal suffix of a wide integer type or a binary float.</summary>
    public string Suffix => Name switch
    {
        "uint" => "u",
        "long" => "L",
        "ulong" => "UL",
        "float" => "f",
        "double" => "d",
        _ => "",
    };

    public override string ToString() => Name;
}
