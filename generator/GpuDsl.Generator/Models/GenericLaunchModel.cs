namespace GpuDsl.Generator.Models;

/// <summary>
/// A generic kernel's instance that a launch in the program needs and its <c>[Kernel(typeof(...))]</c> list lacks
/// (see <c>FunctionTranslator.TranslateLaunch</c>). Like every model, immutable and compared by value.
/// </summary>
/// <param name="KernelCudaName">The CUDA name of the kernel's template, which says which kernel it instantiates.</param>
/// <param name="Instance">The entry point, its shared memory not yet counted; <see langword="null"/> when the type argument
/// is invalid (<see cref="Diagnostics"/> says why).</param>
/// <param name="ArgumentSizes">Bytes of one value of each type argument, for the kernel's shared arrays of its type parameters.</param>
/// <param name="EntryPoint">The CUDA of the <c>extern "C"</c> entry point, with <c>#line</c> to the kernel's name.</param>
/// <param name="Types">The user structs and enums the type argument needs defined.</param>
/// <param name="Helpers">The prelude helpers the type argument needs (see <c>CudaPrelude</c>).</param>
/// <param name="Diagnostics">GPU0025 at the launch, for a type argument GPU code cannot hold or one that breaks a constraint.</param>
internal sealed record GenericLaunchModel(
    string KernelCudaName,
    KernelInstanceModel? Instance,
    EquatableArray<int> ArgumentSizes,
    string EntryPoint,
    EquatableArray<TypeDefinitionModel> Types,
    EquatableArray<string> Helpers,
    EquatableArray<DiagnosticInfo> Diagnostics);
