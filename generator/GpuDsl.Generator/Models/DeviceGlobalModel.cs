namespace GpuDsl.Generator.Models;

/// <summary>
/// A <c>DeviceGlobal&lt;T&gt;</c> or <c>ConstantArray&lt;T&gt;</c> field that GPU code uses: the <c>__device__</c> variable
/// or <c>__constant__</c> array the module of its declaring class defines, and that class's generated code binds to it.
/// Each function carries the ones it uses, so that the module can check they all belong to it.
/// </summary>
/// <param name="CudaName">The CUDA variable name, unique in the compilation, e.g. <c>MyApp_Reductions_RetirementCount</c>.</param>
/// <param name="CSharpName">The field as C# names it, e.g. <c>Reductions.RetirementCount</c>.</param>
/// <param name="FieldName">The field's own name, which the declaring class's generated code uses.</param>
/// <param name="DeclaringType">The full name of the class that declares it (compared with <c>ContainingTypeModel.FullName</c>).</param>
/// <param name="CudaType">The CUDA element type, e.g. <c>unsigned int</c>.</param>
/// <param name="Length">A constant array's length; 0 for a device global.</param>
/// <param name="Bytes">The memory it takes.</param>
/// <param name="Use">Its first use in the function, for diagnostics the module finds.</param>
internal sealed record DeviceGlobalModel(
    string CudaName, string CSharpName, string FieldName, string DeclaringType, string CudaType, int Length, int Bytes, LocationInfo Use)
{
    /// <summary>A <c>__constant__</c> array rather than a <c>__device__</c> variable.</summary>
    public bool IsConstant => Length > 0;

    /// <summary><c>__device__ unsigned int Reductions_RetirementCount;</c> or <c>__constant__ float Filters_Taps[64];</c>, after a comment naming the field.</summary>
    public string Definition => IsConstant
        ? $"// {CSharpName}, set by the host\n__constant__ {CudaType} {CudaName}[{Length.ToString(System.Globalization.CultureInfo.InvariantCulture)}];\n"
        : $"// {CSharpName}, set by the host\n__device__ {CudaType} {CudaName};\n";
}
