namespace GpuDsl.Generator.Models;

/// <summary>One generated file of checked copies: those of the GPU methods of one C# file.</summary>
/// <param name="HintName">The generated file's name.</param>
/// <param name="FileName">The C# file's name, for the header comment.</param>
/// <param name="Copies">The copies, in source order.</param>
internal sealed record CpuCopyFileModel(string HintName, string FileName, EquatableArray<CpuCopyModel> Copies);
