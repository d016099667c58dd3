using System.Collections.Generic;
using System.Linq;
using System.Text;
using GpuDsl.Generator.Mappings;
using GpuDsl.Generator.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GpuDsl.Generator.Translation;

/// <summary>
/// The CUDA spelling, size and alignment of every value type one GPU method uses, and the definitions of the user
/// structs and enums among them, which the module writes before its functions.
/// </summary>
/// <remarks>
/// A struct is written with its fields in declaration order and a <c>static_assert</c> on the size and alignment that
/// C#'s sequential layout gives it (each field at the next multiple of its alignment, the struct padded to its largest
/// alignment), so a <c>Span&lt;Particle&gt;</c> means the same bytes on both sides, or NVRTC says why not.
/// </remarks>
internal sealed class CudaTypeMap
{
    private readonly SortedDictionary<string, TypeDefinitionModel> _definitions = new(System.StringComparer.Ordinal);
    private readonly HashSet<ITypeSymbol> _defining = new(SymbolEqualityComparer.Default);

    /// <summary>The user structs and enums met so far, by CUDA name.</summary>
    public IEnumerable<TypeDefinitionModel> Definitions => _definitions.Values.Where(d => d is not null);

    /// <summary>The headers of the 16-bit floating-point types met (<c>cuda_fp16.h</c>, <c>cuda_bf16.h</c>), as prelude helpers.</summary>
    private readonly SortedSet<string> _float16Helpers = new(System.StringComparer.Ordinal);

    /// <summary>Whether a <c>System.Numerics</c> vector was met, so the module needs its operators.</summary>
    public bool UsesVectors { get; private set; }

    /// <summary>The prelude helpers the types met so far need (see <see cref="CudaPrelude"/>).</summary>
    public IEnumerable<string> PreludeHelpers =>
        _float16Helpers.Concat(new[] { UsesVectors ? CudaPrelude.Vectors : null, UsesPackedVectors ? CudaPrelude.PackedVectors : null, UsesMma ? CudaPrelude.Mma : null }.OfType<string>());

    /// <summary>Whether a tensor-core fragment was met, so the module needs their definitions.</summary>
    public bool UsesMma { get; private set; }

    /// <summary>Whether a struct with a <c>Vector2</c> or <c>Vector4</c> field was met, so the module needs the packed types.</summary>
    public bool UsesPackedVectors { get; private set; }

    /// <summary>
    /// The CUDA name of a value GPU code may hold (a scalar, <c>Half</c> or <c>BFloat16</c>, a user enum or struct, a method type
    /// parameter), or <see langword="null"/> with the reason in <paramref name="problem"/> when it is something else.
    /// </summary>
    public string? Name(ITypeSymbol type, out string? problem)
    {
        problem = null;
        if (CudaKnownTypes.ScalarName(type) is { } scalar)
        {
            return scalar;
        }

        if (CudaFloat16Type.Of(type) is { } float16)
        {
            _float16Helpers.Add(float16.Helper);
            return float16.Name;
        }

        if (CudaKnownTypes.VectorName(type) is { } vector)
        {
            UsesVectors = true;
            return vector;
        }

        if (CudaKnownTypes.DeclaredStructName(type) is { } declared)
        {
            UsesMma = true;
            return declared;
        }

        switch (type)
        {
            case ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Method } parameter:
                return CudaNames.Local(parameter.Name);
            case ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Type, ContainingType: { } owner } parameter when IsUserStruct(owner):
                return CudaNames.Local(parameter.Name); // Inside a generic struct's template and its member templates.
            case INamedTypeSymbol { TypeKind: TypeKind.Enum } enumType:
                return Enum(enumType);
            case INamedTypeSymbol { TypeKind: TypeKind.Struct } structType when IsUserStruct(structType):
                if (!_defining.Add(structType))
                {
                    problem = "it contains itself";
                    return null;
                }

                try
                {
                    problem = StructProblem(structType);
                    return problem is null ? Struct(structType) : null;
                }
                finally
                {
                    _defining.Remove(structType);
                }

            default:
                return null;
        }
    }

    /// <summary>The CUDA name, or <see langword="null"/> when GPU code cannot hold the type.</summary>
    public string? Name(ITypeSymbol type) => Name(type, out _);

    /// <summary>Size and alignment in bytes, as both C#'s sequential layout and CUDA give them.</summary>
    public static (int Size, int Alignment) Layout(ITypeSymbol type) => Layout(type, 0);

    private static (int Size, int Alignment) Layout(ITypeSymbol type, int depth)
    {
        if (CudaKnownTypes.ScalarName(type) is not null)
        {
            int size = CudaKnownTypes.ScalarSize(type);
            return (size, size);
        }

        if (CudaKnownTypes.IsFloat16(type))
        {
            return (2, 2);
        }

        // CUDA aligns float2 to 8 and float4 to 16 bytes, so loads of them are single 64- and 128-bit instructions.
        switch (CudaKnownTypes.VectorWidth(type))
        {
            case 2: return (8, 8);
            case 3: return (12, 4);
            case 4: return (16, 16);
        }

        if (CudaKnownTypes.DeclaredStructName(type) is not null)
        {
            // A fragment: a 32-bit register per property, as the prelude declares them (its backing fields are private
            // to the runtime's metadata).
            return (4 * type.GetMembers().OfType<IPropertySymbol>().Count(p => !p.IsStatic), 4);
        }

        if (type is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } underlying })
        {
            return Layout(underlying, depth + 1);
        }

        if (type is INamedTypeSymbol { TypeKind: TypeKind.Struct } structType && IsUserStruct(structType) && depth < 32)
        {
            int offset = 0, alignment = 1;
            foreach (IFieldSymbol field in Fields(structType))
            {
                int width = CudaKnownTypes.VectorWidth(field.Type);
                (int size, int align) = width is 2 or 4 ? (4 * width, 4) : Layout(field.Type, depth + 1);
                offset = Align(offset, align) + size;
                alignment = System.Math.Max(alignment, align);
            }

            return (System.Math.Max(Align(offset, alignment), 1), alignment);
        }

        return (0, 1); // A type parameter: known only per instantiation.
    }

    /// <summary>The instance fields of a struct in layout order: its fields and auto-property backing fields.</summary>
    public static IEnumerable<IFieldSymbol> Fields(INamedTypeSymbol type) =>
        type.GetMembers().OfType<IFieldSymbol>().Where(f => !f.IsStatic && !f.IsConst);

    /// <summary>
    /// A <c>Vector2</c> or <c>Vector4</c> field of a user struct, which C# aligns to 4 bytes and CUDA's <c>float2</c>/<c>float4</c>
    /// to 8 and 16: it is declared as a packed <c>gpudsl_packed_float2/4</c> (see <c>CudaPrelude</c>), read as the vector and assigned from one.
    /// </summary>
    public static bool IsPackedVector(IFieldSymbol field) =>
        !field.IsStatic && CudaKnownTypes.VectorWidth(field.Type) is 2 or 4 && field.ContainingType is { } owner && IsUserStruct(owner);

    /// <summary>The CUDA name of a field: its own, or for an auto-property's backing field, the property's.</summary>
    public static string FieldName(IFieldSymbol field) => CudaNames.Local(field.AssociatedSymbol?.Name ?? field.Name);

    /// <summary>The CUDA text of an enum member: <c>Color::Red</c>.</summary>
    public string EnumMember(IFieldSymbol member) => $"{Enum(member.ContainingType)}::{CudaNames.Local(member.Name)}";

    /// <summary>A struct declared in this compilation (one from metadata has a layout GpuDsl cannot see).</summary>
    public static bool IsUserStruct(INamedTypeSymbol type) =>
        type.TypeKind == TypeKind.Struct && !type.IsTupleType && !type.IsAnonymousType && type.SpecialType == SpecialType.None &&
        type.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is TypeDeclarationSyntax);

    private string Enum(INamedTypeSymbol type)
    {
        string name = CudaNames.Type(type);
        if (_definitions.ContainsKey(name))
        {
            return name;
        }

        string underlying = type.EnumUnderlyingType is { } u ? CudaKnownTypes.ScalarName(u) ?? "int" : "int";
        StringBuilder text = new();
        text.Append("// ").Append(type.ToDisplayString()).Append('\n');
        text.Append("enum class ").Append(name).Append(" : ").Append(underlying).Append('\n').Append("{\n");
        foreach (IFieldSymbol member in type.GetMembers().OfType<IFieldSymbol>().Where(f => f.HasConstantValue && f.ConstantValue is not null))
        {
            text.Append("    ").Append(CudaNames.Local(member.Name)).Append(" = ").Append(CudaLiterals.Format(member.ConstantValue!)).Append(",\n");
        }

        text.Append("};\n");
        _definitions[name] = new TypeDefinitionModel(name, text.ToString(), EquatableArray<string>.Empty);
        return name;
    }

    private string Struct(INamedTypeSymbol type)
    {
        if (type.IsGenericType)
        {
            return GenericStruct(type);
        }

        string name = CudaNames.Type(type);
        if (_definitions.ContainsKey(name))
        {
            return name;
        }

        return Struct(type, name);
    }

    /// <summary>Writes the definition of <paramref name="type"/> (a class template for a generic definition) as <paramref name="name"/>.</summary>
    private string Struct(INamedTypeSymbol type, string name)
    {
        StringBuilder text = new();
        List<string> dependencies = new();
        text.Append("// ").Append(type.ToDisplayString()).Append('\n');
        text.Append(TemplateHead(type)).Append("struct ").Append(name).Append('\n').Append("{\n");
        foreach (IFieldSymbol field in Fields(type))
        {
            string fieldType = Name(field.Type) ?? "int";
            if (IsPackedVector(field))
            {
                UsesPackedVectors = true;
                fieldType = "gpudsl_packed_" + fieldType;
            }

            if (field.Type.TypeKind is TypeKind.Struct or TypeKind.Enum && field.Type is INamedTypeSymbol named &&
                CudaKnownTypes.ScalarName(named) is null && !CudaKnownTypes.IsFloat16(named) && CudaKnownTypes.VectorName(named) is null)
            {
                dependencies.Add(fieldType);
            }

            text.Append("    ").Append(fieldType).Append(' ').Append(FieldName(field)).Append(";\n");
        }

        text.Append("};\n");
        if (!type.IsGenericType)
        {
            text.Append(LayoutAssertion(type, name));
        }

        _definitions[name] = new TypeDefinitionModel(name, text.ToString(), dependencies.Distinct().OrderBy(d => d, System.StringComparer.Ordinal).ToEquatableArray());
        return name;
    }

    /// <summary>
    /// A generic struct is a C++ class template (defined once, from its definition's fields), named with its type arguments:
    /// <c>Vec3&lt;float&gt;</c>, or <c>Vec3&lt;T&gt;</c> inside a generic method. Each instance with types only (no type
    /// parameter) gets the layout assertion, as a definition of its own after the template's.
    /// </summary>
    private string GenericStruct(INamedTypeSymbol type)
    {
        INamedTypeSymbol definition = type.OriginalDefinition;
        string template = CudaNames.Type(definition);
        if (!_definitions.ContainsKey(template))
        {
            _definitions[template] = null!; // Reserved while its fields are named, so a field of its own type cannot loop.
            Struct(definition, template);
        }

        List<string> arguments = new();
        foreach (ITypeSymbol argument in type.TypeArguments)
        {
            arguments.Add(Name(argument) ?? "int");
        }

        string name = $"{template}<{string.Join(", ", arguments)}>";
        if (!_definitions.ContainsKey(name) && !type.TypeArguments.Any(ContainsTypeParameter))
        {
            List<string> dependencies = new() { template };
            dependencies.AddRange(Fields(type).Select(f => f.Type).OfType<INamedTypeSymbol>()
                .Where(t => t.TypeKind is TypeKind.Struct or TypeKind.Enum && IsUserStruct(t) || t.TypeKind == TypeKind.Enum)
                .Select(t => Name(t) ?? "int"));
            _definitions[name] = new TypeDefinitionModel(
                name, LayoutAssertion(type, name), dependencies.Distinct().OrderBy(d => d, System.StringComparer.Ordinal).ToEquatableArray());
        }

        return name;
    }

    private static string LayoutAssertion(INamedTypeSymbol type, string name)
    {
        (int size, int alignment) = Layout(type);
        return $"static_assert(sizeof({name}) == {size} && alignof({name}) == {alignment}, \"{name} must have the layout of C#'s {(type.IsGenericType ? type.ToDisplayString() : type.Name)}\");\n";
    }

    /// <summary><c>template &lt;typename T&gt;</c> and a newline for a generic type (or its member functions), else nothing.</summary>
    public static string TemplateHead(INamedTypeSymbol type) =>
        type.IsGenericType ? $"template <{string.Join(", ", type.TypeParameters.Select(t => "typename " + CudaNames.Local(t.Name)))}>\n" : "";

    private static bool ContainsTypeParameter(ITypeSymbol type) =>
        type is ITypeParameterSymbol || type is INamedTypeSymbol { IsGenericType: true } named && named.TypeArguments.Any(ContainsTypeParameter);

    /// <summary>Why a user struct cannot cross to the GPU, or <see langword="null"/> when it can.</summary>
    private string? StructProblem(INamedTypeSymbol type)
    {
        if (type.ContainingType is { IsGenericType: true })
        {
            return "it is nested in a generic type";
        }

        if (type.TypeArguments.FirstOrDefault(a => Name(a) is null) is { } argument)
        {
            return $"its type argument '{argument.ToDisplayString()}' cannot be held by GPU code";
        }

        if (type.IsRefLikeType)
        {
            return "it is a ref struct";
        }

        foreach (AttributeData attribute in type.GetAttributes())
        {
            string? name = attribute.AttributeClass?.ToDisplayString();
            if (name == "System.Runtime.InteropServices.StructLayoutAttribute" &&
                (attribute.ConstructorArguments.FirstOrDefault().Value is int kind && kind != 0 ||
                 attribute.NamedArguments.Any(a => a.Key is "Pack" or "Size" && a.Value.Value is int v && v != 0)))
            {
                return "its [StructLayout] is not plain sequential, which CUDA's layout rules would not reproduce";
            }

            if (name == "System.Runtime.CompilerServices.InlineArrayAttribute")
            {
                return "it is an inline array";
            }
        }

        if (!type.IsRecord && type.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is StructDeclarationSyntax { ParameterList: not null }))
        {
            return "it has a primary constructor, whose captured parameters are hidden fields; declare the fields";
        }

        foreach (IFieldSymbol field in Fields(type))
        {
            string display = field.AssociatedSymbol?.Name ?? field.Name;
            if (field.IsFixedSizeBuffer)
            {
                return $"field '{display}' is a fixed-size buffer";
            }

            if (field.RefKind != RefKind.None)
            {
                return $"field '{display}' is a ref field";
            }

            if (Name(field.Type, out string? inner) is null)
            {
                return inner is null
                    ? $"field '{display}' has type '{field.Type.ToDisplayString()}'"
                    : $"field '{display}' is a '{field.Type.ToDisplayString()}', and {inner}";
            }
        }

        return null;
    }

    private static int Align(int offset, int alignment) => (offset + alignment - 1) / alignment * alignment;
}
