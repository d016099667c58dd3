namespace GpuDsl.Generator.Tests;

/// <summary>The module initializer that registers each module for compiling ahead, and where it cannot be emitted.</summary>
public sealed class ModuleRegistrationTests
{
    private const string Kernel = """
        [Kernel] public static void Fill(Span<int> x) { x[Gpu.ThreadIdx.X] = 1; }
        """;

    [Theory]
    [InlineData("public static partial class K { KERNEL }", true)]
    [InlineData("static partial class K { KERNEL }", true)]
    [InlineData("public static partial class Outer { internal static partial class K { KERNEL } }", true)]
    [InlineData("public static partial class Outer { private static partial class K { KERNEL } }", false)]
    [InlineData("public partial class Outer { protected static partial class K { KERNEL } }", false)]
    [InlineData("public partial class Outer<T> { public static partial class K { KERNEL } }", false)]
    public void A_module_registers_at_load_only_where_the_whole_assembly_can_name_its_type(string declaration, bool registers)
    {
        GeneratorRun run = GeneratorHarness.Run("using System; using GpuDsl;\n" + declaration.Replace("KERNEL", Kernel));

        Assert.Empty(run.Output.GetDiagnostics(TestContext.Current.CancellationToken).Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
        string launcher = Assert.Single(run.Sources, s => s.Key.EndsWith(".Kernels.g.cs", StringComparison.Ordinal)).Value;
        Assert.Equal(registers, launcher.Contains("[global::System.Runtime.CompilerServices.ModuleInitializer]", StringComparison.Ordinal));
    }
}
