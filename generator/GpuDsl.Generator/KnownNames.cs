using System.Linq;
using Microsoft.CodeAnalysis;

namespace GpuDsl.Generator;

/// <summary>
/// Every name the generator recognises or generates, written once: the runtime's attributes and types it looks for in
/// user code, the members it adds to a kernel's type, and the build properties it reads. A rename in the runtime is an
/// edit here, not a search through the stages.
/// </summary>
internal static class KnownNames
{
    /// <summary>The runtime's namespace, where every type below lives.</summary>
    public const string RuntimeNamespace = "GpuDsl";

    // ---- Attributes, by metadata name (as ForAttributeWithMetadataName and ToDisplayString spell them).

    /// <summary><c>[Kernel]</c>: a <c>__global__</c> entry point, optionally with <c>typeof(...)</c> instances.</summary>
    public const string KernelAttribute = "GpuDsl.KernelAttribute";

    /// <summary><c>[Device]</c>: a <c>__device__</c> function kernels and other device functions call.</summary>
    public const string DeviceAttribute = "GpuDsl.DeviceAttribute";

    /// <summary><c>[CudaIntrinsic("...")]</c> on a runtime stub: the CUDA text a call of the stub becomes.</summary>
    public const string CudaIntrinsicAttribute = "GpuDsl.CudaIntrinsicAttribute";

    /// <summary>The named argument of <c>[Kernel]</c> and <c>[Device]</c> that sets a function's floating-point contraction.</summary>
    public const string ContractFloatingPointArgument = "ContractFloatingPoint";

    // ---- Runtime types, by simple name in RuntimeNamespace (see CudaKnownTypes.IsGpuDslType).

    /// <summary>The static class of thread indexes, barriers and warp collectives.</summary>
    public const string Gpu = "Gpu";

    /// <summary>A grid or block shape.</summary>
    public const string Dim3 = "Dim3";

    /// <summary>A launch's grid, block, shared bytes and stream.</summary>
    public const string LaunchConfig = "LaunchConfig";

    /// <summary>Device memory a launcher takes for a span parameter.</summary>
    public const string DeviceBuffer = "DeviceBuffer";

    /// <summary>The device views a launcher takes for span parameters of one, two and three dimensions.</summary>
    public const string DeviceSpan = "DeviceSpan", DeviceSpan2D = "DeviceSpan2D", DeviceSpan3D = "DeviceSpan3D";

    /// <summary>The runtime's two- and three-dimensional spans, as kernel parameters and locals.</summary>
    public const string Span2D = "Span2D", ReadOnlySpan2D = "ReadOnlySpan2D", Span3D = "Span3D", ReadOnlySpan3D = "ReadOnlySpan3D";

    /// <summary>The 16-bit brain float, CUDA's <c>__nv_bfloat16</c>.</summary>
    public const string BFloat16 = "BFloat16";

    /// <summary>A table in <c>__constant__</c> memory, declared as a static field.</summary>
    public const string ConstantArray = "ConstantArray";

    /// <summary>A <c>__device__</c> global variable, declared as a static field.</summary>
    public const string DeviceGlobal = "DeviceGlobal";

    // ---- Members the generator adds to a type that declares kernels (a user member of the same name is GPU0026).

    /// <summary>The generated static method that starts a launch: <c>Kernels.Launch(grid, block)</c>.</summary>
    public const string LaunchMethod = "Launch";

    /// <summary>The generated nested type that <see cref="LaunchMethod"/> returns, with one method per kernel.</summary>
    public const string LauncherType = "KernelLauncher";

    /// <summary>The generated static method that compiles and loads the type's kernels now.</summary>
    public const string PreloadMethod = "Preload";

    /// <summary>The generated static property that exposes the type's CUDA module.</summary>
    public const string ModuleProperty = "KernelModule";

    /// <summary>The generated constant that holds the type's CUDA source.</summary>
    public const string CudaSourceField = "CudaSource";

    /// <summary>Every member the generator adds to a type that declares kernels.</summary>
    public static readonly string[] GeneratedMembers = { LaunchMethod, LauncherType, PreloadMethod, ModuleProperty, CudaSourceField };

    // ---- Build properties, exposed to the generator with CompilerVisibleProperty (build/GpuDsl.targets).

    /// <summary>Checked mode: index checks in CUDA and checked copies for the CPU backend (true in Debug by default).</summary>
    public const string CheckedKernelsProperty = "GpuDslCheckedKernels";

    /// <summary>Lets the CUDA compiler contract <c>a * b + c</c> into one rounding, project-wide.</summary>
    public const string ContractFloatingPointProperty = "GpuDslContractFloatingPoint";

    /// <summary>Adds one file listing every module's CUDA, for the build to write out.</summary>
    public const string EmitCudaProperty = "GpuDslEmitCuda";

    /// <summary>Whether <paramref name="symbol"/> carries the attribute whose metadata name is <paramref name="attribute"/>.</summary>
    public static bool HasAttribute(ISymbol symbol, string attribute) =>
        symbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == attribute);

    /// <summary>Whether <paramref name="method"/> is a <c>[Kernel]</c>.</summary>
    public static bool IsKernel(ISymbol method) => HasAttribute(method, KernelAttribute);

    /// <summary>Whether <paramref name="method"/> is a <c>[Device]</c> function.</summary>
    public static bool IsDevice(ISymbol method) => HasAttribute(method, DeviceAttribute);
}
