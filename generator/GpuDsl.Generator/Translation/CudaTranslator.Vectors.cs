using System.Linq;
using GpuDsl.Generator.Mappings;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GpuDsl.Generator.Translation;

/// <summary>
/// <c>System.Numerics.Vector2/3/4</c> are CUDA's <c>float2/3/4</c>: fields <c>X..W</c> are <c>x..w</c>, <c>new Vector4(x, y,
/// z, w)</c> is <c>make_float4</c>, and C#'s arithmetic operators are component-wise ones from the module's prelude. A
/// <c>Span&lt;Vector4&gt;</c> (a parameter, <c>Gpu.Shared&lt;Vector4&gt;</c>, or <c>MemoryMarshal.Cast&lt;float, Vector4&gt;</c>
/// of a float span) is read and written 16 bytes at a time, which is what a bandwidth-bound kernel needs.
/// </summary>
internal sealed partial class CudaTranslator
{
    /// <summary><c>v.X</c> as <c>v.x</c>, or <see langword="null"/> when the symbol is not a vector field.</summary>
    private static string? VectorMember(ISymbol? symbol) =>
        symbol is IFieldSymbol { IsStatic: false, Name: "X" or "Y" or "Z" or "W" } field && CudaKnownTypes.VectorWidth(field.ContainingType) > 0
            ? field.Name.ToLowerInvariant()
            : null;

    /// <summary><c>new Vector4(x, y, z, w)</c>, <c>new Vector4(s)</c> and <c>new Vector4()</c>.</summary>
    private string VectorCreation(BaseObjectCreationExpressionSyntax node, INamedTypeSymbol type, string name)
    {
        int width = CudaKnownTypes.VectorWidth(type);
        IMethodSymbol? constructor = _model.GetSymbolInfo(node).Symbol as IMethodSymbol;
        SeparatedSyntaxList<ArgumentSyntax> arguments = node.ArgumentList?.Arguments ?? default;
        if (node.Initializer is not null)
        {
            return Unsupported(node.Initializer, $"An object initializer on a {type.Name} (write new {type.Name}(x, y...))");
        }

        if (arguments.Count == 0)
        {
            return $"make_{name}({string.Join(", ", Enumerable.Repeat("0.0f", width))})";
        }

        bool allFloats = constructor is not null && constructor.Parameters.All(p => p.Type.SpecialType == SpecialType.System_Single);
        if (allFloats && arguments.Count == width)
        {
            // In parameter order, so new Vector4(w: a, x: b, y: c, z: d) puts a in w.
            return $"make_{name}({string.Join(", ", Arguments(node.ArgumentList, constructor!, RefArguments.None))})";
        }

        if (allFloats && arguments.Count == 1)
        {
            return $"gpudsl_splat_{name}({Converted(arguments[0].Expression)})";
        }

        return Unsupported(node, $"This {type.Name} constructor (give every component as a float, or one float for all)");
    }

    /// <summary><c>==</c> and <c>!=</c> on vectors compare every component in C#; CUDA has no such operator.</summary>
    private string? VectorComparison(IMethodSymbol op, ExpressionSyntax node) =>
        op.Name is "op_Equality" or "op_Inequality" && CudaKnownTypes.VectorWidth(op.ContainingType) > 0
            ? Unsupported(node, $"'{(op.Name == "op_Equality" ? "==" : "!=")}' on a {op.ContainingType.Name} (compare the components)")
            : null;
}
