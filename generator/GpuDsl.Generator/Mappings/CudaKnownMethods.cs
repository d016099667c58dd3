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
    private static readonly Dictionary<string, string> s_templates = Build();

    /// <summary>The CUDA text for a method, or <see langword="null"/>.</summary>
    public static string? Template(IMethodSymbol method) =>
        s_templates.TryGetValue(Key(method), out string? template) ? template : null;

    /// <summary>Every identifier the templates call, so the translator can keep user names from shadowing them.</summary>
    public static IEnumerable<string> CalledNames =>
        s_templates.Values.Select(t => t.Substring(0, t.IndexOf('(') < 0 ? 0 : t.IndexOf('('))).Where(n => n.Length > 0);

    /// <summary>The lookup key of a method: <c>System.MathF.Exp(float)</c>.</summary>
    public static string Key(IMethodSymbol method) =>
        $"{method.ContainingType.ToDisplayString()}.{method.Name}({string.Join(",", method.Parameters.Select(p => p.Type.ToDisplayString()))})";

    private static Dictionary<string, string> Build()
    {
        Dictionary<string, string> map = new();

        // Single precision: System.MathF, and float overloads on System.Math.
        foreach (string type in new[] { "System.MathF", "System.Math" })
        {
            Unary(map, type, "float", "f", new[]
            {
                ("Sin", "sin"), ("Cos", "cos"), ("Tan", "tan"), ("Asin", "asin"), ("Acos", "acos"), ("Atan", "atan"),
                ("Sinh", "sinh"), ("Cosh", "cosh"), ("Tanh", "tanh"), ("Asinh", "asinh"), ("Acosh", "acosh"), ("Atanh", "atanh"),
                ("Exp", "exp"), ("Log", "log"), ("Log2", "log2"), ("Log10", "log10"), ("Sqrt", "sqrt"), ("Cbrt", "cbrt"),
                ("Floor", "floor"), ("Ceiling", "ceil"), ("Truncate", "trunc"), ("Round", "rint"), ("Abs", "fabs"),
            });
            map[$"{type}.Pow(float,float)"] = "powf({0}, {1})";
            map[$"{type}.Atan2(float,float)"] = "atan2f({0}, {1})";
            map[$"{type}.FusedMultiplyAdd(float,float,float)"] = "fmaf({0}, {1}, {2})";
            map[$"{type}.CopySign(float,float)"] = "copysignf({0}, {1})";
            map[$"{type}.Max(float,float)"] = "gpudsl_max({0}, {1})";
            map[$"{type}.Min(float,float)"] = "gpudsl_min({0}, {1})";
        }

        map["System.Math.Clamp(float,float,float)"] = "gpudsl_clamp({0}, {1}, {2})";

        // Double precision.
        Unary(map, "System.Math", "double", "", new[]
        {
            ("Sin", "sin"), ("Cos", "cos"), ("Tan", "tan"), ("Asin", "asin"), ("Acos", "acos"), ("Atan", "atan"),
            ("Sinh", "sinh"), ("Cosh", "cosh"), ("Tanh", "tanh"), ("Asinh", "asinh"), ("Acosh", "acosh"), ("Atanh", "atanh"),
            ("Exp", "exp"), ("Log", "log"), ("Log2", "log2"), ("Log10", "log10"), ("Sqrt", "sqrt"), ("Cbrt", "cbrt"),
            ("Floor", "floor"), ("Ceiling", "ceil"), ("Truncate", "trunc"), ("Round", "rint"), ("Abs", "fabs"),
        });
        map["System.Math.Pow(double,double)"] = "pow({0}, {1})";
        map["System.Math.Atan2(double,double)"] = "atan2({0}, {1})";
        map["System.Math.FusedMultiplyAdd(double,double,double)"] = "fma({0}, {1}, {2})";
        map["System.Math.CopySign(double,double)"] = "copysign({0}, {1})";
        map["System.Math.Max(double,double)"] = "gpudsl_max({0}, {1})";
        map["System.Math.Min(double,double)"] = "gpudsl_min({0}, {1})";
        map["System.Math.Clamp(double,double,double)"] = "gpudsl_clamp({0}, {1}, {2})";

        // Integers: CUDA's min/max/abs are overloaded for every width.
        foreach (string t in new[] { "int", "uint", "long", "ulong", "short", "ushort", "byte", "sbyte" })
        {
            map[$"System.Math.Max({t},{t})"] = "max({0}, {1})";
            map[$"System.Math.Min({t},{t})"] = "min({0}, {1})";
            map[$"System.Math.Clamp({t},{t},{t})"] = "gpudsl_clamp({0}, {1}, {2})";
        }

        map["System.Math.Abs(int)"] = "abs({0})";
        map["System.Math.Abs(long)"] = "llabs({0})";
        map["System.Math.Abs(short)"] = "abs({0})";
        map["System.Math.Abs(sbyte)"] = "abs({0})";
        return map;
    }

    private static void Unary(Dictionary<string, string> map, string type, string parameter, string suffix, (string Name, string Cuda)[] functions)
    {
        foreach ((string name, string cuda) in functions)
        {
            map[$"{type}.{name}({parameter})"] = $"{cuda}{suffix}({{0}})";
        }
    }
}
