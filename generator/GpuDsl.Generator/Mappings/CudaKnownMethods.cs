using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace GpuDsl.Generator.Mappings;

/// <summary>
/// Base-library members that GPU code may call, and the CUDA text for each (<c>{0}</c>, <c>{1}</c>... are the
/// arguments). Members of GpuDsl's own runtime declare theirs with <c>[CudaIntrinsic]</c> instead. Where CUDA's function
/// differs from .NET's on some input (NaN in min/max), a prelude helper gives .NET's answer.
/// </summary>
internal static class CudaKnownMethods
{
    /// <summary>The integer types: C# name, CUDA name, the CUDA unsigned type of the same width, and the width.</summary>
    private static readonly (string Name, string Cuda, string Unsigned, int Bits)[] s_integers =
    {
        ("int", "int", "unsigned int", 32), ("uint", "unsigned int", "unsigned int", 32),
        ("long", "long long", "unsigned long long", 64), ("ulong", "unsigned long long", "unsigned long long", 64),
        ("short", "short", "unsigned short", 16), ("ushort", "unsigned short", "unsigned short", 16),
        ("sbyte", "signed char", "unsigned char", 8), ("byte", "unsigned char", "unsigned char", 8),
    };

    private static readonly Dictionary<string, string> s_templates = Build();

    private static readonly Dictionary<string, string> s_properties = new()
    {
        // Generic math: {T} is the CUDA name of the type argument (T.Zero in a generic method is ((T)0)).
        ["System.Numerics.INumberBase<TSelf>.Zero"] = "(({T})0)",
        ["System.Numerics.INumberBase<TSelf>.One"] = "(({T})1)",
        ["System.Numerics.IAdditiveIdentity<TSelf, TResult>.AdditiveIdentity"] = "(({T})0)",
        ["System.Numerics.IMultiplicativeIdentity<TSelf, TResult>.MultiplicativeIdentity"] = "(({T})1)",
        // Half's constants, by their bits (System.Half.NaN is the negative quiet NaN, 0xFE00).
        ["System.Half.MaxValue"] = "__ushort_as_half((unsigned short)0x7bffu)",
        ["System.Half.MinValue"] = "__ushort_as_half((unsigned short)0xfbffu)",
        ["System.Half.Epsilon"] = "__ushort_as_half((unsigned short)0x0001u)",
        ["System.Half.NaN"] = "__ushort_as_half((unsigned short)0xfe00u)",
        ["System.Half.PositiveInfinity"] = "__ushort_as_half((unsigned short)0x7c00u)",
        ["System.Half.NegativeInfinity"] = "__ushort_as_half((unsigned short)0xfc00u)",
        ["System.Half.Zero"] = "__ushort_as_half((unsigned short)0x0000u)",
        ["System.Half.NegativeZero"] = "__ushort_as_half((unsigned short)0x8000u)",
        ["System.Half.One"] = "__ushort_as_half((unsigned short)0x3c00u)",
        ["System.Half.NegativeOne"] = "__ushort_as_half((unsigned short)0xbc00u)",
        // BFloat16's constants, by their bits (GpuDsl.BFloat16.NaN is the negative quiet NaN, 0xFFC0, float.NaN's top half).
        ["GpuDsl.BFloat16.MaxValue"] = "__ushort_as_bfloat16((unsigned short)0x7f7fu)",
        ["GpuDsl.BFloat16.MinValue"] = "__ushort_as_bfloat16((unsigned short)0xff7fu)",
        ["GpuDsl.BFloat16.Epsilon"] = "__ushort_as_bfloat16((unsigned short)0x0001u)",
        ["GpuDsl.BFloat16.NaN"] = "__ushort_as_bfloat16((unsigned short)0xffc0u)",
        ["GpuDsl.BFloat16.PositiveInfinity"] = "__ushort_as_bfloat16((unsigned short)0x7f80u)",
        ["GpuDsl.BFloat16.NegativeInfinity"] = "__ushort_as_bfloat16((unsigned short)0xff80u)",
        ["GpuDsl.BFloat16.Zero"] = "__ushort_as_bfloat16((unsigned short)0x0000u)",
        ["GpuDsl.BFloat16.NegativeZero"] = "__ushort_as_bfloat16((unsigned short)0x8000u)",
        ["GpuDsl.BFloat16.One"] = "__ushort_as_bfloat16((unsigned short)0x3f80u)",
        ["GpuDsl.BFloat16.NegativeOne"] = "__ushort_as_bfloat16((unsigned short)0xbf80u)",
        ["System.Numerics.Vector2.Zero"] = "make_float2(0.0f, 0.0f)",
        ["System.Numerics.Vector2.One"] = "make_float2(1.0f, 1.0f)",
        ["System.Numerics.Vector3.Zero"] = "make_float3(0.0f, 0.0f, 0.0f)",
        ["System.Numerics.Vector3.One"] = "make_float3(1.0f, 1.0f, 1.0f)",
        ["System.Numerics.Vector4.Zero"] = "make_float4(0.0f, 0.0f, 0.0f, 0.0f)",
        ["System.Numerics.Vector4.One"] = "make_float4(1.0f, 1.0f, 1.0f, 1.0f)",
    };

    /// <summary>The CUDA text for a method, or <see langword="null"/>.</summary>
    public static string? Template(IMethodSymbol method) =>
        s_templates.TryGetValue(Key(method), out string? template) ? template : null;

    /// <summary>The CUDA text for a static property (generic math's <c>T.Zero</c>), or <see langword="null"/>.</summary>
    public static string? PropertyTemplate(ISymbol property) =>
        property is IPropertySymbol && s_properties.TryGetValue($"{property.ContainingType.ToDisplayString()}.{property.Name}", out string? template) ? template : null;

    /// <summary>Every identifier the templates call, so the translator can keep user names from shadowing them.</summary>
    public static IEnumerable<string> CalledNames =>
        s_templates.Values.Select(t => t.Substring(0, t.IndexOf('(') < 0 ? 0 : t.IndexOf('('))).Where(n => n.Length > 0);

    /// <summary>The lookup key of a method: <c>System.MathF.Exp(float)</c>.</summary>
    public static string Key(IMethodSymbol method) =>
        $"{method.ContainingType.ToDisplayString()}.{method.Name}({string.Join(",", method.Parameters.Select(p => p.Type.ToDisplayString()))})";

    private static Dictionary<string, string> Build()
    {
        Dictionary<string, string> map = new();
        (string Name, string Cuda)[] unary =
        {
            ("Sin", "sin"), ("Cos", "cos"), ("Tan", "tan"), ("Asin", "asin"), ("Acos", "acos"), ("Atan", "atan"),
            ("Sinh", "sinh"), ("Cosh", "cosh"), ("Tanh", "tanh"), ("Asinh", "asinh"), ("Acosh", "acosh"), ("Atanh", "atanh"),
            ("Exp", "exp"), ("Log", "log"), ("Log2", "log2"), ("Log10", "log10"), ("Sqrt", "sqrt"), ("Cbrt", "cbrt"),
            ("Floor", "floor"), ("Ceiling", "ceil"), ("Truncate", "trunc"), ("Round", "rint"), ("Abs", "fabs"),
        };

        // float.Exp2 and the like exist only on the types themselves (generic math), not on Math/MathF.
        (string Name, string Cuda)[] typeOnly =
        {
            ("Exp2", "exp2"), ("Exp10", "exp10"), ("ExpM1", "expm1"), ("LogP1", "log1p"), ("SinPi", "sinpi"), ("CosPi", "cospi"),
        };

        // Single precision: System.MathF, float overloads on System.Math, and float's own static methods.
        foreach (string type in new[] { "System.MathF", "System.Math", "float" })
        {
            Floating(map, type, "float", "f", unary);
        }

        Unary(map, "float", "float", "f", typeOnly);
        map["float.Hypot(float,float)"] = "hypotf({0}, {1})";

        // Double precision.
        foreach (string type in new[] { "System.Math", "double" })
        {
            Floating(map, type, "double", "", unary);
        }

        Unary(map, "double", "double", "", typeOnly);
        map["double.Hypot(double,double)"] = "hypot({0}, {1})";

        // Estimates: CUDA's correctly rounded reciprocal and its approximate rsqrt (.NET's are platform-dependent too).
        foreach (string type in new[] { "System.MathF", "System.Math", "float" })
        {
            map[$"{type}.ReciprocalEstimate(float)"] = "__frcp_rn({0})";
            map[$"{type}.ReciprocalSqrtEstimate(float)"] = "rsqrtf({0})";
        }

        foreach (string type in new[] { "System.Math", "double" })
        {
            map[$"{type}.ReciprocalEstimate(double)"] = "__drcp_rn({0})";
            map[$"{type}.ReciprocalSqrtEstimate(double)"] = "rsqrt({0})";
        }

        // Integers. The arguments arrive converted to the parameter types of the overload C# chose (Math.Min(int, uint) is
        // Min(long, long)), so CUDA's min/max, overloaded for 32- and 64-bit integers, find an exact match; the narrower
        // types and the helpers name their type, so that C++'s promotion of byte to int cannot change the result's type.
        foreach ((string t, string cuda, string unsigned, int bits) in s_integers)
        {
            bool wide = bits >= 32;
            foreach (string type in new[] { "System.Math", t })
            {
                map[$"{type}.Max({t},{t})"] = wide ? "max({0}, {1})" : $"gpudsl_max<{cuda}>({{0}}, {{1}})";
                map[$"{type}.Min({t},{t})"] = wide ? "min({0}, {1})" : $"gpudsl_min<{cuda}>({{0}}, {{1}})";
                map[$"{type}.Clamp({t},{t},{t})"] = $"gpudsl_clamp<{cuda}>({{0}}, {{1}}, {{2}})";
            }

            Integer(map, t, cuda, unsigned, bits);
        }

        foreach (string t in new[] { "int", "long", "short", "sbyte" })
        {
            string cuda = s_integers.First(i => i.Name == t).Cuda;
            map[$"System.Math.Sign({t})"] = $"gpudsl_sign<{cuda}>({{0}})";
            map[$"{t}.Sign({t})"] = $"gpudsl_sign<{cuda}>({{0}})";
            // Math.Abs(int.MinValue) throws in .NET; CUDA's abs gives int.MinValue back (the README says so).
            string abs = t == "long" ? "llabs({0})" : t == "int" ? "abs({0})" : $"(({cuda})abs({{0}}))";
            map[$"System.Math.Abs({t})"] = abs;
            map[$"{t}.Abs({t})"] = abs;
        }

        // System.Threading.Interlocked on a span element: the same atomics, but Add/Increment/Decrement return the new
        // value where CUDA's atomicAdd returns the old one.
        foreach (string t in new[] { "int", "uint", "long", "ulong" })
        {
            map[$"System.Threading.Interlocked.Add({t},{t})"] = "gpudsl_interlocked_add(&{0}, {1})";
            map[$"System.Threading.Interlocked.Increment({t})"] = "gpudsl_interlocked_add(&{0}, 1)";
            map[$"System.Threading.Interlocked.Decrement({t})"] = "gpudsl_interlocked_add(&{0}, -1)";
            map[$"System.Threading.Interlocked.CompareExchange({t},{t},{t})"] = t == "long" ? "gpudsl_atomic_cas(&{0}, {2}, {1})" : "atomicCAS(&{0}, {2}, {1})";
        }

        // Exchange, CompareExchange (location, value, comparand: atomicCAS takes the comparand first), And and Or return
        // the old value in both. CUDA lacks some overloads; the gpudsl_atomic_* helpers fill them in.
        map["System.Threading.Interlocked.CompareExchange(float,float,float)"] = "gpudsl_atomic_cas(&{0}, {2}, {1})";
        map["System.Threading.Interlocked.CompareExchange(double,double,double)"] = "gpudsl_atomic_cas(&{0}, {2}, {1})";
        foreach (string t in new[] { "int", "uint", "ulong", "float" })
        {
            map[$"System.Threading.Interlocked.Exchange({t},{t})"] = "atomicExch(&{0}, {1})";
        }

        map["System.Threading.Interlocked.Exchange(long,long)"] = "gpudsl_atomic_exch(&{0}, {1})";
        map["System.Threading.Interlocked.Exchange(double,double)"] = "gpudsl_atomic_exch(&{0}, {1})";
        foreach (string t in new[] { "int", "uint", "long", "ulong" })
        {
            map[$"System.Threading.Interlocked.And({t},{t})"] = t == "long" ? "gpudsl_atomic_and(&{0}, {1})" : "atomicAnd(&{0}, {1})";
            map[$"System.Threading.Interlocked.Or({t},{t})"] = t == "long" ? "gpudsl_atomic_or(&{0}, {1})" : "atomicOr(&{0}, {1})";
        }

        Classification(map, "float");
        Classification(map, "double");
        HalfFunctions(map);
        BFloat16Functions(map);
        Bits(map);
        GenericMath(map);
        // System.Numerics vectors (float2/3/4); the helpers are in the vector prelude, which any use of the types brings.
        foreach (string vector in new[] { "System.Numerics.Vector2", "System.Numerics.Vector3", "System.Numerics.Vector4" })
        {
            map[$"{vector}.Dot({vector},{vector})"] = "gpudsl_dot({0}, {1})";
            map[$"{vector}.Abs({vector})"] = "gpudsl_vabs({0})";
            map[$"{vector}.SquareRoot({vector})"] = "gpudsl_vsqrt({0})";
        }

        return map;
    }

    /// <summary>The functions every floating type has, with its suffix (<c>f</c> for float).</summary>
    private static void Floating(Dictionary<string, string> map, string type, string t, string suffix, (string Name, string Cuda)[] unary)
    {
        Unary(map, type, t, suffix, unary);
        map[$"{type}.Pow({t},{t})"] = $"pow{suffix}({{0}}, {{1}})";
        map[$"{type}.Atan2({t},{t})"] = $"atan2{suffix}({{0}}, {{1}})";
        map[$"{type}.FusedMultiplyAdd({t},{t},{t})"] = $"fma{suffix}({{0}}, {{1}}, {{2}})";
        map[$"{type}.CopySign({t},{t})"] = $"copysign{suffix}({{0}}, {{1}})";
        map[$"{type}.IEEERemainder({t},{t})"] = "gpudsl_ieee_remainder({0}, {1})";
        map[$"{type}.ScaleB({t},int)"] = $"gpudsl_scaleb({{0}}, {{1}})";
        map[$"{type}.ILogB({t})"] = "gpudsl_ilogb({0})";
        map[$"{type}.Log({t},{t})"] = "gpudsl_log_base({0}, {1})";
        map[$"{type}.Sign({t})"] = $"gpudsl_sign<{t}>({{0}})";
        map[$"{type}.Max({t},{t})"] = $"gpudsl_max<{t}>({{0}}, {{1}})";
        map[$"{type}.Min({t},{t})"] = $"gpudsl_min<{t}>({{0}}, {{1}})";
        // Round(x, mode), Round(x, digits), Round(x, digits, mode): .NET's scale, round, unscale.
        map[$"{type}.Round({t},System.MidpointRounding)"] = "gpudsl_round_mode({0}, (int){1})";
        map[$"{type}.Round({t},int)"] = "gpudsl_round_digits({0}, {1}, 0)";
        map[$"{type}.Round({t},int,System.MidpointRounding)"] = "gpudsl_round_digits({0}, {1}, (int){2})";
        map[$"{type}.MaxMagnitude({t},{t})"] = "gpudsl_max_magnitude({0}, {1})";
        map[$"{type}.MinMagnitude({t},{t})"] = "gpudsl_min_magnitude({0}, {1})";
        if (type == t)
        {
            // IEEE maxNum/minNum, on the types only: a NaN input is ignored.
            map[$"{t}.MaxNumber({t},{t})"] = "gpudsl_max_number({0}, {1})";
            map[$"{t}.MinNumber({t},{t})"] = "gpudsl_min_number({0}, {1})";
        }

        if (type != "System.MathF")
        {
            map[$"{type}.Clamp({t},{t},{t})"] = $"gpudsl_clamp<{t}>({{0}}, {{1}}, {{2}})";
        }
    }

    /// <summary><c>float.IsNaN</c> and friends, as bit tests in the prelude.</summary>
    private static void Classification(Dictionary<string, string> map, string t)
    {
        map[$"{t}.IsNaN({t})"] = "gpudsl_isnan({0})";
        map[$"{t}.IsInfinity({t})"] = "gpudsl_isinf({0})";
        map[$"{t}.IsFinite({t})"] = "gpudsl_isfinite({0})";
        map[$"{t}.IsNegative({t})"] = "gpudsl_isnegative({0})";
        map[$"{t}.IsNormal({t})"] = "gpudsl_isnormal({0})";
        map[$"{t}.IsPositiveInfinity({t})"] = t == "float" ? "(__float_as_uint({0}) == 0x7f800000u)" : "(__double_as_longlong({0}) == 0x7ff0000000000000LL)";
        map[$"{t}.IsNegativeInfinity({t})"] = t == "float" ? "(__float_as_uint({0}) == 0xff800000u)" : "((unsigned long long)__double_as_longlong({0}) == 0xfff0000000000000ULL)";
    }

    /// <summary>
    /// Half's functions as .NET computes them: through float and rounded back (exact, since the result of each is a
    /// Half value or, for Sqrt, rounds as .NET's does), Abs and the tests by Half's bits.
    /// </summary>
    private static void HalfFunctions(Dictionary<string, string> map)
    {
        const string h = "System.Half";
        map[$"{h}.Max({h},{h})"] = "__float2half_rn(gpudsl_max<float>(__half2float({0}), __half2float({1})))";
        map[$"{h}.Min({h},{h})"] = "__float2half_rn(gpudsl_min<float>(__half2float({0}), __half2float({1})))";
        map[$"{h}.Abs({h})"] = "__ushort_as_half((unsigned short)(__half_as_ushort({0}) & 0x7fffu))";
        foreach ((string name, string cuda) in new[] { ("Sqrt", "sqrtf"), ("Floor", "floorf"), ("Ceiling", "ceilf"), ("Truncate", "truncf"), ("Round", "rintf") })
        {
            map[$"{h}.{name}({h})"] = $"__float2half_rn({cuda}(__half2float({{0}})))";
        }

        map[$"{h}.IsNaN({h})"] = "__hisnan({0})";
        map[$"{h}.IsInfinity({h})"] = "(__hisinf({0}) != 0)";
        map[$"{h}.IsFinite({h})"] = "((__half_as_ushort({0}) & 0x7fffu) < 0x7c00u)";
        map[$"{h}.IsNormal({h})"] = "gpudsl_half_isnormal({0})";
        map[$"{h}.IsNegative({h})"] = "(__half_as_short({0}) < 0)";
        map[$"{h}.IsPositiveInfinity({h})"] = "(__half_as_ushort({0}) == 0x7c00u)";
        map[$"{h}.IsNegativeInfinity({h})"] = "(__half_as_ushort({0}) == 0xfc00u)";
    }

    /// <summary>
    /// BFloat16's functions, each a test of its bits (they are float's top half: 8 exponent bits, 7 fraction bits),
    /// Abs by clearing the sign, and its bits as <c>BitConverter</c> gives Half's.
    /// </summary>
    private static void BFloat16Functions(Dictionary<string, string> map)
    {
        const string b = "GpuDsl.BFloat16";
        map[$"{b}.Abs({b})"] = "__ushort_as_bfloat16((unsigned short)(__bfloat16_as_ushort({0}) & 0x7fffu))";
        map[$"{b}.IsNaN({b})"] = "((__bfloat16_as_ushort({0}) & 0x7fffu) > 0x7f80u)";
        map[$"{b}.IsInfinity({b})"] = "((__bfloat16_as_ushort({0}) & 0x7fffu) == 0x7f80u)";
        map[$"{b}.IsFinite({b})"] = "((__bfloat16_as_ushort({0}) & 0x7fffu) < 0x7f80u)";
        // Normal: an exponent field from 1 to 254; subnormal: a zero exponent with a nonzero fraction (both one unsigned range test).
        map[$"{b}.IsNormal({b})"] = "((__bfloat16_as_ushort({0}) & 0x7f80u) - 0x80u < 0x7f00u)";
        map[$"{b}.IsSubnormal({b})"] = "((__bfloat16_as_ushort({0}) & 0x7fffu) - 1u < 0x7fu)";
        map[$"{b}.IsNegative({b})"] = "((short)__bfloat16_as_ushort({0}) < 0)";
        map[$"{b}.IsPositiveInfinity({b})"] = "(__bfloat16_as_ushort({0}) == 0x7f80u)";
        map[$"{b}.IsNegativeInfinity({b})"] = "(__bfloat16_as_ushort({0}) == 0xff80u)";
        map[$"{b}.BFloat16ToUInt16Bits({b})"] = "__bfloat16_as_ushort({0})";
        map[$"{b}.UInt16BitsToBFloat16(ushort)"] = "__ushort_as_bfloat16({0})";
        map[$"{b}.BFloat16ToInt16Bits({b})"] = "((short)__bfloat16_as_ushort({0}))";
        map[$"{b}.Int16BitsToBFloat16(short)"] = "__ushort_as_bfloat16((unsigned short)({0}))";
    }

    /// <summary>Reinterpreting bits (<c>BitConverter</c>) and counting them (<c>BitOperations</c>).</summary>
    private static void Bits(Dictionary<string, string> map)
    {
        map["System.BitConverter.SingleToInt32Bits(float)"] = "__float_as_int({0})";
        map["System.BitConverter.Int32BitsToSingle(int)"] = "__int_as_float({0})";
        map["System.BitConverter.SingleToUInt32Bits(float)"] = "__float_as_uint({0})";
        map["System.BitConverter.UInt32BitsToSingle(uint)"] = "__uint_as_float({0})";
        map["System.BitConverter.DoubleToInt64Bits(double)"] = "__double_as_longlong({0})";
        map["System.BitConverter.Int64BitsToDouble(long)"] = "__longlong_as_double({0})";
        map["System.BitConverter.DoubleToUInt64Bits(double)"] = "((unsigned long long)__double_as_longlong({0}))";
        map["System.BitConverter.UInt64BitsToDouble(ulong)"] = "__longlong_as_double((long long)({0}))";
        map["System.BitConverter.HalfToInt16Bits(System.Half)"] = "__half_as_short({0})";
        map["System.BitConverter.Int16BitsToHalf(short)"] = "__short_as_half({0})";
        map["System.BitConverter.HalfToUInt16Bits(System.Half)"] = "__half_as_ushort({0})";
        map["System.BitConverter.UInt16BitsToHalf(ushort)"] = "__ushort_as_half({0})";

        map["System.Numerics.BitOperations.PopCount(uint)"] = "__popc({0})";
        map["System.Numerics.BitOperations.PopCount(ulong)"] = "__popcll({0})";
        map["System.Numerics.BitOperations.LeadingZeroCount(uint)"] = "__clz((int)({0}))";
        map["System.Numerics.BitOperations.LeadingZeroCount(ulong)"] = "__clzll((long long)({0}))";
        map["System.Numerics.BitOperations.TrailingZeroCount(uint)"] = "gpudsl_trailing_zeros((unsigned int)({0}))";
        map["System.Numerics.BitOperations.TrailingZeroCount(int)"] = "gpudsl_trailing_zeros((unsigned int)({0}))";
        map["System.Numerics.BitOperations.TrailingZeroCount(ulong)"] = "gpudsl_trailing_zeros((unsigned long long)({0}))";
        map["System.Numerics.BitOperations.TrailingZeroCount(long)"] = "gpudsl_trailing_zeros((unsigned long long)({0}))";
        map["System.Numerics.BitOperations.Log2(uint)"] = "(31 - __clz((int)(({0}) | 1u)))";
        map["System.Numerics.BitOperations.Log2(ulong)"] = "(63 - __clzll((long long)(({0}) | 1ULL)))";
        foreach (string t in new[] { "int", "uint", "long", "ulong" })
        {
            string cuda = s_integers.First(i => i.Name == t).Cuda;
            map[$"System.Numerics.BitOperations.IsPow2({t})"] = $"gpudsl_is_pow2<{cuda}>({{0}})";
        }

        map["System.Numerics.BitOperations.RotateLeft(uint,int)"] = "gpudsl_rotate_left({0}, {1})";
        map["System.Numerics.BitOperations.RotateLeft(ulong,int)"] = "gpudsl_rotate_left({0}, {1})";
        map["System.Numerics.BitOperations.RotateRight(uint,int)"] = "gpudsl_rotate_right({0}, {1})";
        map["System.Numerics.BitOperations.RotateRight(ulong,int)"] = "gpudsl_rotate_right({0}, {1})";
    }

    /// <summary>Static abstract members a generic GPU method calls on its type parameter: <c>T.Max(a, b)</c>.</summary>
    private static void GenericMath(Dictionary<string, string> map)
    {
        map["System.Numerics.INumber<TSelf>.Max(TSelf,TSelf)"] = "gpudsl_max<{T}>({0}, {1})";
        map["System.Numerics.INumber<TSelf>.Min(TSelf,TSelf)"] = "gpudsl_min<{T}>({0}, {1})";
        map["System.Numerics.INumber<TSelf>.Clamp(TSelf,TSelf,TSelf)"] = "gpudsl_clamp<{T}>({0}, {1}, {2})";
        map["System.Numerics.INumber<TSelf>.Sign(TSelf)"] = "gpudsl_sign<{T}>({0})";
        map["System.Numerics.INumberBase<TSelf>.Abs(TSelf)"] = "gpudsl_abs({0})";
        map["System.Numerics.INumberBase<TSelf>.CreateChecked(TOther)"] = "(({T})({0}))";
        map["System.Numerics.INumberBase<TSelf>.CreateTruncating(TOther)"] = "(({T})({0}))";
        map["System.Numerics.IRootFunctions<TSelf>.Sqrt(TSelf)"] = "gpudsl_sqrt({0})";
        map["System.Numerics.INumberBase<TSelf>.IsNegative(TSelf)"] = "gpudsl_number_isnegative<{T}>({0})";
        map["System.Numerics.INumberBase<TSelf>.IsPositive(TSelf)"] = "gpudsl_number_ispositive<{T}>({0})";
        map["System.Numerics.INumberBase<TSelf>.IsFinite(TSelf)"] = "gpudsl_number_isfinite<{T}>({0})";
        map["System.Numerics.INumberBase<TSelf>.IsNaN(TSelf)"] = "gpudsl_number_isnan<{T}>({0})";
        map["System.Numerics.INumberBase<TSelf>.IsInfinity(TSelf)"] = "gpudsl_number_isinfinity<{T}>({0})";
        map["System.Numerics.INumberBase<TSelf>.IsEvenInteger(TSelf)"] = "gpudsl_number_iseven<{T}>({0})";
        map["System.Numerics.INumberBase<TSelf>.IsOddInteger(TSelf)"] = "gpudsl_number_isodd<{T}>({0})";
        map["System.Numerics.IBinaryInteger<TSelf>.PopCount(TSelf)"] = "gpudsl_integer_popcount<{T}>({0})";
        map["System.Numerics.IBinaryInteger<TSelf>.LeadingZeroCount(TSelf)"] = "gpudsl_integer_leading_zeros<{T}>({0})";
        map["System.Numerics.IBinaryInteger<TSelf>.TrailingZeroCount(TSelf)"] = "gpudsl_integer_trailing_zeros<{T}>({0})";
    }

    /// <summary>
    /// The bit operations and tests an integer type has as static members (<c>int.PopCount</c>, <c>uint.RotateLeft</c>,
    /// <c>int.IsPow2</c>...), the operations returning the type itself as .NET's do, computed on the unsigned type of the
    /// same width.
    /// </summary>
    private static void Integer(Dictionary<string, string> map, string t, string cuda, string unsigned, int bits)
    {
        string bitsOf = bits == 64 ? "(unsigned long long)({0})" : bits == 32 ? "(unsigned int)({0})" : $"(unsigned int)({unsigned})({{0}})";
        map[$"{t}.PopCount({t})"] = bits == 64 ? $"(({cuda})__popcll({bitsOf}))" : $"(({cuda})__popc({bitsOf}))";
        map[$"{t}.LeadingZeroCount({t})"] = bits == 64 ? $"(({cuda})__clzll((long long){bitsOf}))" : bits == 32 ? $"(({cuda})__clz((int){bitsOf}))" : $"(({cuda})(__clz((int){bitsOf}) - {32 - bits}))";
        map[$"{t}.TrailingZeroCount({t})"] = bits == 64 ? $"(({cuda})gpudsl_trailing_zeros({bitsOf}))" : $"(({cuda})min(gpudsl_trailing_zeros({bitsOf}), {bits}))";
        map[$"{t}.Log2({t})"] = bits == 64 ? $"(({cuda})(63 - __clzll((long long)({bitsOf} | 1ULL))))" : $"(({cuda})(31 - __clz((int)({bitsOf} | 1u))))";
        // 8- and 16-bit rotates mask the count by their own width, on the zero-extended bits.
        string rotate = bits >= 32 ? "" : "_bits", width = bits >= 32 ? "" : $", {bits}";
        map[$"{t}.RotateLeft({t},int)"] = $"(({cuda})gpudsl_rotate_left{rotate}({bitsOf}, {{1}}{width}))";
        map[$"{t}.RotateRight({t},int)"] = $"(({cuda})gpudsl_rotate_right{rotate}({bitsOf}, {{1}}{width}))";
        map[$"{t}.IsPow2({t})"] = $"gpudsl_is_pow2<{cuda}>({{0}})";
        map[$"{t}.IsEvenInteger({t})"] = "((({0}) & 1) == 0)";
        map[$"{t}.IsOddInteger({t})"] = "((({0}) & 1) != 0)";
        if (cuda != unsigned)
        {
            // Signed types only (the unsigned ones declare these explicitly, for generic math). MaxMagnitude/MinMagnitude
            // compare the magnitudes as unsigned numbers, where MinValue's is the largest, as .NET's rules for MinValue come to.
            map[$"{t}.IsNegative({t})"] = "(({0}) < 0)";
            map[$"{t}.IsPositive({t})"] = "(({0}) >= 0)";
            map[$"{t}.CopySign({t},{t})"] = $"gpudsl_copysign_int<{cuda}, {unsigned}>({{0}}, {{1}})";
            map[$"{t}.MaxMagnitude({t},{t})"] = $"gpudsl_max_magnitude_int<{cuda}, {unsigned}>({{0}}, {{1}})";
            map[$"{t}.MinMagnitude({t},{t})"] = $"gpudsl_min_magnitude_int<{cuda}, {unsigned}>({{0}}, {{1}})";
        }
    }

    private static void Unary(Dictionary<string, string> map, string type, string parameter, string suffix, (string Name, string Cuda)[] functions)
    {
        foreach ((string name, string cuda) in functions)
        {
            map[$"{type}.{name}({parameter})"] = $"{cuda}{suffix}({{0}})";
        }
    }
}
