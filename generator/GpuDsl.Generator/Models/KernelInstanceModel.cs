namespace GpuDsl.Generator.Models;

/// <summary>
/// One CUDA entry point of a kernel: the kernel itself, or one instantiation of a generic kernel for a type argument
/// listed in <c>[Kernel(typeof(...))]</c> or found at a launch (see <c>GenericLaunchModel</c>).
/// </summary>
/// <param name="TypeArgument">The C# type argument, fully qualified, or empty for a kernel that is not generic.</param>
/// <param name="Suffix">What tells this instance's C# members apart: empty, or e.g. <c>__f32</c>.</param>
/// <param name="CudaName">The <c>extern "C"</c> entry point.</param>
/// <param name="Parameters">The parameters with the type argument substituted.</param>
/// <param name="StaticSharedBytes">Bytes of <c>__shared__</c> arrays the kernel body declares for this type argument.</param>
internal sealed record KernelInstanceModel(string TypeArgument, string Suffix, string CudaName, EquatableArray<ParameterModel> Parameters, int StaticSharedBytes);
