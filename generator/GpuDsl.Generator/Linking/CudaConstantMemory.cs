using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using GpuDsl.Generator.Diagnostics;
using GpuDsl.Generator.Models;

namespace GpuDsl.Generator.Linking;

/// <summary>
/// One module's constant memory: the constant tables its functions read, once each by name, as the
/// <c>__constant__</c> arrays the module declares before its functions, within CUDA's 64 KiB a module.
/// </summary>
internal sealed class CudaConstantMemory
{
    /// <summary>The most <c>__constant__</c> memory a CUDA module may declare: 64 KiB.</summary>
    private const int MaxBytes = 64 * 1024;

    /// <summary>Tables of more elements than this are written several lines of this many.</summary>
    private const int ValuesPerLine = 8;

    private readonly SortedDictionary<string, ConstantTableModel> _tables = new(System.StringComparer.Ordinal);

    // Constant arrays the host fills (ConstantArray<T>) share the module's 64 KiB with the tables.
    private readonly SortedDictionary<string, DeviceGlobalModel> _arrays = new(System.StringComparer.Ordinal);

    /// <summary>The tables, by name.</summary>
    public IEnumerable<ConstantTableModel> Tables => _tables.Values;

    /// <summary>Whether the tables fit in the 64 KiB CUDA gives a module (NVRTC would fail with a ptxas message otherwise).</summary>
    public bool IsWithinLimit => Bytes <= MaxBytes;

    private int Bytes => _tables.Values.Sum(t => t.Bytes) + _arrays.Values.Sum(a => a.Bytes);

    /// <summary>Adds the tables <paramref name="function"/> reads.</summary>
    public void Add(FunctionModel function)
    {
        foreach (ConstantTableModel table in function.Cuda.ConstantTables)
        {
            _tables[table.CudaName] = table;
        }

        foreach (DeviceGlobalModel array in function.Cuda.Globals.Where(g => g.IsConstant))
        {
            _arrays[array.CudaName] = array;
        }
    }

    /// <summary>GPU0034, at <paramref name="kernel"/>, whose tables took the module past the limit: every table, largest first.</summary>
    public DiagnosticInfo TooLarge(FunctionModel kernel) => DiagnosticInfo.Create(
        DiagnosticDescriptors.ConstantMemoryTooLarge, kernel.Identifier, kernel.Type.FullName, Bytes.ToString("N0", CultureInfo.InvariantCulture),
        string.Join(", ", _tables.Values.Select(t => (t.CSharpName, t.Bytes)).Concat(_arrays.Values.Select(a => (a.CSharpName, a.Bytes)))
            .OrderByDescending(t => t.Bytes).Select(t => $"{t.CSharpName}: {t.Bytes.ToString("N0", CultureInfo.InvariantCulture)}")));

    /// <summary>
    /// <c>__constant__ float Filters_Binomial5[5] = { 0.0625f, ... };</c> after a comment naming the property; a long
    /// table lists its values several to a line.
    /// </summary>
    public static string Definition(ConstantTableModel table)
    {
        StringBuilder text = new();
        text.Append("// ").Append(table.CSharpName).Append('\n');
        text.Append("__constant__ ").Append(table.CudaType).Append(' ').Append(table.CudaName)
            .Append('[').Append(table.Values.Length.ToString(CultureInfo.InvariantCulture)).Append("] =");
        if (table.Values.Length <= ValuesPerLine)
        {
            return text.Append(" { ").Append(string.Join(", ", table.Values)).Append(" };\n").ToString();
        }

        text.Append("\n{\n");
        for (int i = 0; i < table.Values.Length; i += ValuesPerLine)
        {
            text.Append("    ").Append(string.Join(", ", table.Values.Skip(i).Take(ValuesPerLine))).Append(",\n");
        }

        return text.Append("};\n").ToString();
    }
}
