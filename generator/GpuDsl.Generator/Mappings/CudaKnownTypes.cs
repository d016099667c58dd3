using Microsoft.CodeAnalysis;

namespace GpuDsl.Generator.Mappings;

/// <summary>C# types that GPU code may use, and their CUDA spelling and size.</summary>
internal static class CudaKnownTypes
{
    /// <summary>The CUDA name of a scalar C# type, or <see langword="null"/> when GPU code cannot hold it.</summary>
    public static string? ScalarName(ITypeSymbol type) => type.SpecialType switch
    {
        SpecialType.System_Boolean => "bool",
        SpecialType.System_SByte => "signed char",
        SpecialType.System_Byte => "unsigned char",
        SpecialType.System_Int16 => "short",
        SpecialType.System_UInt16 => "unsigned short",
        SpecialType.System_Int32 => "int",
        SpecialType.System_UInt32 => "unsigned int",
        SpecialType.System_Int64 => "long long",
        SpecialType.System_UInt64 => "unsigned long long",
        SpecialType.System_Single => "float",
        SpecialType.System_Double => "double",
        _ => null,
    };

    /// <summary>Bytes a scalar takes, which is also its alignment in a kernel's parameter buffer.</summary>
    public static int ScalarSize(ITypeSymbol type) => type.SpecialType switch
    {
        SpecialType.System_Boolean or SpecialType.System_SByte or SpecialType.System_Byte => 1,
        SpecialType.System_Int16 or SpecialType.System_UInt16 => 2,
        SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Single => 4,
        _ => 8,
    };

    /// <summary>Whether <paramref name="type"/> is <c>System.Half</c>, CUDA's <c>__half</c> from <c>cuda_fp16.h</c>.</summary>
    public static bool IsHalf(ITypeSymbol type) =>
        type is { Name: "Half", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } && type.TypeKind == TypeKind.Struct;

    /// <summary>Whether <paramref name="type"/> is <c>System.Half</c> or <c>GpuDsl.BFloat16</c> (see <see cref="CudaFloat16Type"/>).</summary>
    public static bool IsFloat16(ITypeSymbol? type) => CudaFloat16Type.Of(type) is not null;

    /// <summary>
    /// The CUDA type a GpuDsl runtime struct declares with <c>[CudaIntrinsic("...")]</c> (the tensor-core fragments, which
    /// the <see cref="CudaPrelude.Mma"/> helper defines), or <see langword="null"/>.
    /// </summary>
    public static string? DeclaredStructName(ITypeSymbol? type) =>
        type is INamedTypeSymbol { TypeKind: TypeKind.Struct, ContainingNamespace: { Name: KnownNames.RuntimeNamespace, ContainingNamespace.IsGlobalNamespace: true } }
            ? CudaIntrinsicKinds.DeclaredTemplate(type)
            : null;

    /// <summary>
    /// The CUDA vector type of <c>System.Numerics.Vector2/3/4</c> (<c>float2/3/4</c>), or <see langword="null"/>.
    /// </summary>
    public static string? VectorName(ITypeSymbol? type) =>
        type is INamedTypeSymbol { TypeKind: TypeKind.Struct, ContainingNamespace: { Name: "Numerics", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } } named
            ? named.Name switch { "Vector2" => "float2", "Vector3" => "float3", "Vector4" => "float4", _ => null }
            : null;

    /// <summary>Components of a <c>System.Numerics</c> vector: 2, 3 or 4; 0 for any other type.</summary>
    public static int VectorWidth(ITypeSymbol? type) => VectorName(type) switch
    {
        "float2" => 2,
        "float3" => 3,
        "float4" => 4,
        _ => 0,
    };

    /// <summary>Whether <paramref name="type"/> is <c>Span&lt;T&gt;</c> (or <c>ReadOnlySpan&lt;T&gt;</c>), with its element type.</summary>
    public static bool IsSpan(ITypeSymbol type, out ITypeSymbol element, out bool readOnly)
    {
        element = type;
        readOnly = false;
        if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named &&
            named.ContainingNamespace?.ToDisplayString() == "System" &&
            named.Name is "Span" or "ReadOnlySpan")
        {
            element = named.TypeArguments[0];
            readOnly = named.Name == "ReadOnlySpan";
            return true;
        }

        return false;
    }

    /// <summary>
    /// Whether <paramref name="type"/> is GpuDsl's <c>Span2D&lt;T&gt;</c> (or <c>ReadOnlySpan2D&lt;T&gt;</c>), with its
    /// element type: in CUDA a pointer plus its rows, columns and pitch.
    /// </summary>
    public static bool IsSpan2D(ITypeSymbol? type, out ITypeSymbol element, out bool readOnly)
    {
        element = type!;
        readOnly = false;
        if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named &&
            (IsGpuDslType(named, KnownNames.Span2D) || IsGpuDslType(named, KnownNames.ReadOnlySpan2D)))
        {
            element = named.TypeArguments[0];
            readOnly = named.Name == KnownNames.ReadOnlySpan2D;
            return true;
        }

        return false;
    }

    /// <summary>
    /// Whether <paramref name="type"/> is GpuDsl's <c>Span3D&lt;T&gt;</c> (or <c>ReadOnlySpan3D&lt;T&gt;</c>), with its
    /// element type: in CUDA a pointer plus its slices, rows, columns and pitch.
    /// </summary>
    public static bool IsSpan3D(ITypeSymbol? type, out ITypeSymbol element, out bool readOnly)
    {
        element = type!;
        readOnly = false;
        if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named &&
            (IsGpuDslType(named, KnownNames.Span3D) || IsGpuDslType(named, KnownNames.ReadOnlySpan3D)))
        {
            element = named.TypeArguments[0];
            readOnly = named.Name == KnownNames.ReadOnlySpan3D;
            return true;
        }

        return false;
    }

    /// <summary>Whether <paramref name="type"/> is the GpuDsl runtime type <paramref name="name"/>.</summary>
    public static bool IsGpuDslType(ITypeSymbol? type, string name) =>
        type is { ContainingNamespace: { Name: KnownNames.RuntimeNamespace, ContainingNamespace.IsGlobalNamespace: true } } && type.Name == name;

    /// <summary>A short, identifier-safe name of a type, for overload suffixes: <c>f32</c>, <c>i32</c>, <c>span_f32</c>.</summary>
    public static string ShortName(ITypeSymbol type)
    {
        if (IsSpan(type, out ITypeSymbol element, out bool readOnly))
        {
            return (readOnly ? "rospan_" : "span_") + ShortName(element);
        }

        if (IsSpan2D(type, out element, out readOnly))
        {
            return (readOnly ? "rospan2d_" : "span2d_") + ShortName(element);
        }

        return type.SpecialType switch
        {
            SpecialType.System_Boolean => "b",
            SpecialType.System_SByte => "i8",
            SpecialType.System_Byte => "u8",
            SpecialType.System_Int16 => "i16",
            SpecialType.System_UInt16 => "u16",
            SpecialType.System_Int32 => "i32",
            SpecialType.System_UInt32 => "u32",
            SpecialType.System_Int64 => "i64",
            SpecialType.System_UInt64 => "u64",
            SpecialType.System_Single => "f32",
            SpecialType.System_Double => "f64",
            _ when CudaFloat16Type.Of(type) is { } float16 => float16.ShortName,
            _ when VectorName(type) is { } vector => vector,
            // A user struct or enum by its qualified CUDA name, so that A.Pair and B.Pair give different suffixes.
            _ when type is INamedTypeSymbol { TypeKind: TypeKind.Struct or TypeKind.Enum } named => CudaNames.Type(named),
            _ => type.Name,
        };
    }
}
