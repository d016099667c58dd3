namespace GpuDsl.Generator.Models;

/// <summary>
/// A user struct or enum that GPU code uses, as the CUDA definition a module places before its functions. Each
/// function carries the definitions it needs, so a module assembled from them needs nothing else.
/// </summary>
/// <param name="CudaName">The CUDA type name, unique in the compilation, e.g. <c>MyApp_Particle</c>.</param>
/// <param name="Definition">The CUDA definition, ending with a newline.</param>
/// <param name="Dependencies">CUDA names of the user types its fields use, which must be defined first.</param>
internal sealed record TypeDefinitionModel(string CudaName, string Definition, EquatableArray<string> Dependencies);
