using System.Collections.Generic;
using System.Linq;
using System.Text;
using GpuDsl.Generator.Mappings;
using GpuDsl.Generator.Models;
using Microsoft.CodeAnalysis;

namespace GpuDsl.Generator.Mappings;

/// <summary>How C# names become CUDA names.</summary>
internal static class CudaNames
{
    /// <summary>The prefix of every name GpuDsl itself introduces (prelude helpers, temporaries).</summary>
    public const string GeneratedPrefix = "gpudsl_";

    /// <summary>A local or parameter name, renamed with a trailing underscore when CUDA would read it differently.</summary>
    public static string Local(string name) =>
        CudaReservedNames.All.Contains(name) || CudaReservedNames.IsImplementationName(name) ||
        name.StartsWith(GeneratedPrefix, System.StringComparison.Ordinal) || IsVectorTypeName(name)
            ? name + "_"
            : name;

    /// <summary>
    /// The CUDA name of a user struct or enum: namespace, containing types and name joined by underscores, as for
    /// functions, so two types of one name in different namespaces stay apart.
    /// </summary>
    public static string Type(INamedTypeSymbol type) => Local(Qualified(type));

    /// <summary>
    /// The CUDA function a struct constructor becomes: <c>Particle_new</c>, plus the parameter types when the struct
    /// declares more than one constructor.
    /// </summary>
    public static string Constructor(IMethodSymbol constructor)
    {
        string name = Type(constructor.ContainingType) + "_new";
        int constructors = constructor.ContainingType.InstanceConstructors.Count(c => !c.IsImplicitlyDeclared || c.Parameters.Length > 0);
        return constructors > 1 ? name + Suffix(constructor.Parameters) : name;
    }

    /// <summary>
    /// The <c>__constant__</c> array a constant table property becomes: its type's CUDA name and its own, e.g.
    /// <c>MyApp_Filters_Binomial5</c>.
    /// </summary>
    public static string ConstantTable(IPropertySymbol table) => Local(Qualified(table.ContainingType) + "_" + table.Name);

    /// <summary>The length companion of a span parameter: <c>a</c> becomes <c>a_length</c>.</summary>
    public static string Length(string spanName) => Local(spanName) + "_length";

    /// <summary>The rows companion of a 2D span: <c>m</c> becomes <c>m_rows</c>.</summary>
    public static string Rows(string spanName) => Local(spanName) + "_rows";

    /// <summary>The columns companion of a 2D span: <c>m</c> becomes <c>m_cols</c>.</summary>
    public static string Columns(string spanName) => Local(spanName) + "_cols";

    /// <summary>The pitch companion of a 2D span (elements from one row's start to the next): <c>m</c> becomes <c>m_pitch</c>.</summary>
    public static string Pitch(string spanName) => Local(spanName) + "_pitch";

    /// <summary>The slices companion of a 3D span: <c>v</c> becomes <c>v_slices</c>.</summary>
    public static string Slices(string spanName) => Local(spanName) + "_slices";

    /// <summary>
    /// The CUDA parameters one C# parameter becomes, in order: a span's pointer and length, a 2D span's pointer, rows,
    /// columns and pitch, or the value.
    /// </summary>
    public static string[] Passed(ParameterModel parameter) =>
        parameter.IsSpan ? new[] { Local(parameter.Name), Length(parameter.Name) }
        : parameter.IsSpan2D ? new[] { Local(parameter.Name), Rows(parameter.Name), Columns(parameter.Name), Pitch(parameter.Name) }
        : parameter.IsSpan3D ? new[] { Local(parameter.Name), Slices(parameter.Name), Rows(parameter.Name), Columns(parameter.Name), Pitch(parameter.Name) }
        : new[] { Local(parameter.Name) };

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
            name.Append(Suffix(method.OriginalDefinition.Parameters));
        }

        return name.ToString();
    }

    /// <summary>What tells overloads apart: <c>_f32_ref_i32</c>.</summary>
    private static string Suffix(IEnumerable<IParameterSymbol> parameters) =>
        string.Concat(parameters.Select(p => "_" + (p.RefKind == RefKind.None ? "" : "ref_") + CudaKnownTypes.ShortName(p.Type)));

    internal static string Qualified(INamedTypeSymbol type)
    {
        List<string> parts = new();
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            parts.Insert(0, current.Name);
        }

        if (type.ContainingNamespace is { IsGlobalNamespace: false } ns)
        {
            parts.Insert(0, ns.ToDisplayString().Replace('.', '_'));
        }

        return string.Join("_", parts);
    }

    /// <summary>CUDA's built-in vector types (<c>float4</c>, <c>uint2</c>...), which a user name must not shadow.</summary>
    private static bool IsVectorTypeName(string name)
    {
        if (name.Length < 2 || name[name.Length - 1] < '1' || name[name.Length - 1] > '4')
        {
            return false;
        }

        string stem = name.Substring(0, name.Length - 1);
        return stem is "char" or "uchar" or "short" or "ushort" or "int" or "uint" or "long" or "ulong" or "longlong" or "ulonglong" or "float" or "double";
    }
}
