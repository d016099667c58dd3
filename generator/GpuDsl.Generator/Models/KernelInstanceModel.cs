namespace GpuDsl.Generator.Models;

/// <summary>
/// One CUDA entry point of a kernel: the kernel itself, or one instantiation of a generic kernel for the type arguments
/// listed in <c>[Kernel(typeof(...))]</c> or found at a launch (see <c>GenericLaunchModel</c>).
/// </summary>
/// <param name="TypeArguments">The C# type arguments, fully qualified, one per type parameter; empty for a kernel that is
/// not generic.</param>
/// <param name="Suffix">What tells this instance's C# members apart: empty, or e.g. <c>__f32</c> (<c>__f32_f64</c> for two).</param>
/// <param name="CudaName">The <c>extern "C"</c> entry point.</param>
/// <param name="Parameters">The parameters with the type arguments substituted.</param>
/// <param name="StaticSharedBytes">Bytes of <c>__shared__</c> arrays the kernel body declares for these type arguments.</param>
internal sealed record KernelInstanceModel(
    EquatableArray<string> TypeArguments, string Suffix, string CudaName, EquatableArray<ParameterModel> Parameters, int StaticSharedBytes)
{
    /// <summary>The type arguments as C# writes them between angle brackets: <c>global::System.Single, global::System.Double</c>.</summary>
    public string TypeArgumentList => string.Join(", ", TypeArguments);
}
