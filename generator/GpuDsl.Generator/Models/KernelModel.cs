namespace GpuDsl.Generator.Models;

/// <summary>What the emitter needs to write one kernel's launcher.</summary>
/// <param name="MethodName">The C# method name.</param>
/// <param name="CudaName">The <c>extern "C"</c> entry point.</param>
/// <param name="Parameters">The parameters.</param>
/// <param name="UsesBarriers">The kernel, or a device function it reaches, calls <c>Gpu.SyncThreads()</c>.</param>
/// <param name="StaticSharedBytes">Bytes of <c>__shared__</c> arrays the kernel and the device functions it reaches declare.</param>
internal sealed record KernelModel(string MethodName, string CudaName, EquatableArray<ParameterModel> Parameters, bool UsesBarriers, int StaticSharedBytes);
