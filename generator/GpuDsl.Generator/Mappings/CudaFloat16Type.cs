using Microsoft.CodeAnalysis;

namespace GpuDsl.Generator.Mappings;

/// <summary>
/// A 16-bit floating-point type GPU code holds, and the CUDA functions that convert and reinterpret it: <c>System.Half</c>
/// is <c>__half</c> (<c>cuda_fp16.h</c>), <c>GpuDsl.BFloat16</c> is <c>__nv_bfloat16</c> (<c>cuda_bf16.h</c>). Both
/// compute through <c>float</c>, as .NET's operators do, so the translator writes one form for either with these names.
/// </summary>
/// <param name="Name">The CUDA type.</param>
/// <param name="Helper">The prelude helper that includes its header (see <see cref="CudaPrelude"/>).</param>
/// <param name="ToFloat">Widens to float, exactly.</param>
/// <param name="FromFloat">Rounds a float to nearest even.</param>
/// <param name="FromDouble">Rounds a double to nearest even, once (through float would round twice).</param>
/// <param name="AsUShort">Its bits as <c>unsigned short</c>.</param>
/// <param name="FromUShort">The value with the given <c>unsigned short</c> bits.</param>
/// <param name="ShortName">The identifier-safe suffix of overloads that take it.</param>
internal sealed record CudaFloat16Type(
    string Name, string Helper, string ToFloat, string FromFloat, string FromDouble, string AsUShort, string FromUShort, string ShortName)
{
    /// <summary><c>System.Half</c>: 5 exponent bits, 10 fraction bits.</summary>
    public static readonly CudaFloat16Type Half = new(
        "__half", CudaPrelude.Fp16, "__half2float", "__float2half_rn", "__double2half", "__half_as_ushort", "__ushort_as_half", "f16");

    /// <summary><c>GpuDsl.BFloat16</c>: float's 8 exponent bits, 7 fraction bits.</summary>
    public static readonly CudaFloat16Type BFloat16 = new(
        "__nv_bfloat16", CudaPrelude.Bf16, "__bfloat162float", "__float2bfloat16_rn", "__double2bfloat16", "__bfloat16_as_ushort", "__ushort_as_bfloat16", "bf16");

    /// <summary>The 16-bit floating-point type <paramref name="type"/> is, or <see langword="null"/>.</summary>
    public static CudaFloat16Type? Of(ITypeSymbol? type) =>
        type is null || type.TypeKind != TypeKind.Struct ? null
        : CudaKnownTypes.IsHalf(type) ? Half
        : CudaKnownTypes.IsGpuDslType(type, KnownNames.BFloat16) ? BFloat16
        : null;
}
