namespace GpuDsl.Generator.Models;

/// <summary>
/// A constant table GPU code reads (<c>static ReadOnlySpan&lt;T&gt; Name =&gt; new T[] { ... };</c>), as the
/// <c>__constant__</c> array a module places before its functions. Each function carries the tables it reads, so an edit
/// to a table's values changes the model of every function that reads it, and a module assembled from them keeps one
/// copy per name.
/// </summary>
/// <param name="CudaName">The CUDA array name, unique in the compilation, e.g. <c>MyApp_Filters_Binomial5</c>.</param>
/// <param name="CSharpName">The property as C# names it, e.g. <c>Filters.Binomial5</c>.</param>
/// <param name="CudaType">The CUDA element type, e.g. <c>float</c>.</param>
/// <param name="Values">The elements as CUDA literals of that type.</param>
/// <param name="Bytes">The constant memory the array takes.</param>
internal sealed record ConstantTableModel(string CudaName, string CSharpName, string CudaType, EquatableArray<string> Values, int Bytes);
