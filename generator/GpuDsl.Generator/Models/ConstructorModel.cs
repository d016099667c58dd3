namespace GpuDsl.Generator.Models;

/// <summary>
/// A user struct's constructor, translated to a <c>__device__</c> function that returns the new value. It is translated
/// where it is called and carried by the calling function's model; a module keeps one copy per name.
/// </summary>
/// <param name="CudaName">The CUDA function name, e.g. <c>Particle_new</c>.</param>
/// <param name="Prototype">The declaration without a body.</param>
/// <param name="Definition">The definition, with <c>#line</c> directives.</param>
internal sealed record ConstructorModel(string CudaName, string Prototype, string Definition);
