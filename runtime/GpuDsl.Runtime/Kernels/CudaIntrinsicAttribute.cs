using System.ComponentModel;

namespace GpuDsl;

/// <summary>
/// Declares the CUDA C text that the generator emits for a kernel-side intrinsic. <c>{0}</c> stands for the receiver of
/// an instance member, or for the first argument of a static method, <c>{1}</c> for the next, and so on. On a struct it
/// is the CUDA type the struct is (a tensor-core fragment, defined in the generated module's prelude).
/// </summary>
/// <remarks>The mapping lives on the stub itself so that the runtime and the generator cannot disagree.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Struct, Inherited = false)]
public sealed class CudaIntrinsicAttribute(string template) : Attribute
{
    /// <summary>The CUDA C text, with <c>{0}</c>, <c>{1}</c>... placeholders.</summary>
    public string Template { get; } = template;
}
