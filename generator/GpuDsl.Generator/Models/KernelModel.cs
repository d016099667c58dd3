namespace GpuDsl.Generator.Models;

/// <summary>What the emitter needs to write one kernel's launcher.</summary>
/// <param name="MethodName">The C# method name.</param>
/// <param name="CudaName">The <c>extern "C"</c> entry point.</param>
/// <param name="Parameters">The parameters.</param>
/// <param name="UsesBarriers">The kernel, or a device function it reaches, calls <c>Gpu.SyncThreads()</c>.</param>
internal sealed record KernelModel(string MethodName, string CudaName, EquatableArray<ParameterModel> Parameters, bool UsesBarriers);
