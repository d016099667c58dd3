namespace GpuDsl.Fuzz.Tests;

/// <summary>
/// Makes a failing kernel smaller: removes one statement line at a time (a declaration, an assignment, a call) and
/// keeps the removal when the kernel still compiles and still fails the same way. Lines that open or close blocks,
/// loops and branches stay, so every candidate is the same shape; a removal that breaks the C# is simply rejected.
/// </summary>
internal static class Shrinker
{
    private static readonly string[] s_structural = ["{", "}", "if ", "if(", "else", "for ", "while ", "do", "case ", "default:", "break;", "continue;", "return ", "[", "public ", "using ", "//"];

    /// <summary>The smallest failing variant found of <paramref name="failing"/>, or <paramref name="failing"/> itself.</summary>
    public static KernelResult Shrink(KernelResult failing, FuzzBackends backends, bool checkedKernels, int maxAttempts = 60)
    {
        HashSet<FailureKind> kinds = failing.Failures.Select(f => f.Kind).ToHashSet();
        KernelResult best = failing;
        string[] lines = failing.Kernel.Source.Split('\n');
        int attempts = 0;
        for (int at = lines.Length - 1; at >= 0 && attempts < maxAttempts; at--)
        {
            string trimmed = lines[at].Trim();
            if (trimmed.Length == 0 || !trimmed.EndsWith(';') || s_structural.Any(s => trimmed.StartsWith(s, StringComparison.Ordinal)) ||
                trimmed.Contains("o[i]", StringComparison.Ordinal))
            {
                continue;
            }

            attempts++;
            string[] candidate = [.. lines[..at], .. lines[(at + 1)..]];
            GeneratedKernel smaller = best.Kernel with { Source = string.Join('\n', candidate) };
            KernelResult result = FuzzRun.Execute(smaller, backends, checkedKernels).Results.Single();
            if (result.Compilation.Status == KernelStatus.Compiled && result.Failures.Any(f => kinds.Contains(f.Kind)))
            {
                best = result;
                lines = candidate;
            }
        }

        return best;
    }
}
