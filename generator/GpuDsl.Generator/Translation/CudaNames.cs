using System.Collections.Generic;
using System.Linq;
using System.Text;
using GpuDsl.Generator.Mappings;
using Microsoft.CodeAnalysis;

namespace GpuDsl.Generator.Translation;

/// <summary>How C# names become CUDA names.</summary>
internal static class CudaNames
{
    /// <summary>C++ keywords that are not C# keywords, CUDA's built-in variables, and the functions our templates call.</summary>
    private static readonly HashSet<string> s_reserved = new(new[]
    {
        "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "char16_t", "char32_t", "compl",
        "const_cast", "constexpr", "decltype", "delete", "dynamic_cast", "export", "friend", "inline", "mutable",
        "noexcept", "not", "not_eq", "nullptr", "or", "or_eq", "register", "reinterpret_cast", "signed", "static_assert",
        "static_cast", "template", "thread_local", "typedef", "typeid", "typename", "union", "unsigned", "wchar_t", "xor",
        "xor_eq", "restrict", "threadIdx", "blockIdx", "blockDim", "gridDim", "warpSize", "dim3", "uint3", "main",
        "gpudsl_max", "gpudsl_min", "gpudsl_clamp", "gpudsl_lane_id", "gpudsl_dynamic_shared", "gpudsl_dynamic_shared_bytes",
    }.Concat(CudaKnownMethods.CalledNames));

    /// <summary>A local or parameter name, renamed with a trailing underscore when CUDA would read it differently.</summary>
    public static string Local(string name) =>
        s_reserved.Contains(name) || name.StartsWith("__", System.StringComparison.Ordinal) ? name + "_" : name;

    /// <summary>The length companion of a span parameter: <c>a</c> becomes <c>a_length</c>.</summary>
    public static string Length(string spanName) => Local(spanName) + "_length";

    /// <summary>
    /// The CUDA name of a GPU method: namespace, types and method joined by underscores, plus the parameter types when
    /// the type declares other methods of that name (CUDA entry points are <c>extern "C"</c>, so they cannot overload).
    /// </summary>
    public static string Function(IMethodSymbol method)
    {
        StringBuilder name = new();
        if (method.ContainingNamespace is { IsGlobalNamespace: false } ns)
        {
            name.Append(ns.ToDisplayString().Replace('.', '_')).Append('_');
        }

        List<string> types = new();
        for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            types.Insert(0, type.Name);
        }

        name.Append(string.Join("_", types)).Append('_').Append(method.Name);
        if (method.ContainingType.GetMembers(method.Name).Length > 1)
        {
            foreach (IParameterSymbol parameter in method.Parameters)
            {
                name.Append('_').Append(CudaKnownTypes.ShortName(parameter.Type));
            }
        }

        return name.ToString();
    }
}
