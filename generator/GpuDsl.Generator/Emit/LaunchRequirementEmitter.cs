using GpuDsl.Generator.Models;

namespace GpuDsl.Generator.Emit;

/// <summary>
/// The launcher's tests of what a kernel's code relies on in its launch (see <see cref="LaunchRequirementModel"/>):
/// one call of the runtime's <c>CompilerServices.LaunchRequirements</c> each, before anything runs on either backend.
/// </summary>
internal static class LaunchRequirementEmitter
{
    private const string Tests = "global::GpuDsl.CompilerServices.LaunchRequirements";

    public static void Write(CSharpWriter w, KernelModel kernel)
    {
        foreach (LaunchRequirementModel test in kernel.LaunchRequirements)
        {
            w.Line(test.Span.Length > 0
                ? $"{Tests}.ThrowIfIndexPastEnd(kernel, in _config, {CSharpWriter.Verbatim(test.What)}, \"{test.Span}\", {Escape(test.Span)}.Length);"
                : $"{Tests}.ThrowIfBarrierSplit(kernel, in _config, {Bool(test.GlobalIndex)}, {test.Crossing}, {Bool(test.WholeGrid)}, " +
                  $"{CSharpWriter.Verbatim(test.What)}, {CSharpWriter.Verbatim(test.Barrier)});");
        }
    }

    private static string Bool(bool value) => value ? "true" : "false";

    private static string Escape(string name) =>
        Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(name) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None ? "@" + name : name;
}
