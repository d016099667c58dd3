using System.CommandLine;
using System.CommandLine.Parsing;
using Compare;

// The benchmark: vector add and n x n matmul on the CPU (plain C#, Parallel.For, System.Numerics.Tensors) against the
// GpuDsl sample kernels on the GPU (kernel alone, and with its copies) and cuBLAS. This file is the command line;
// CompareApp runs it.
Option<int[]> vectorSizes = new("--vector-sizes")
{
    Description = "Vector lengths for vector add. Pass --only matmul to leave vector add out.",
    DefaultValueFactory = _ => CompareOptions.DefaultVectorSizes,
    AllowMultipleArgumentsPerToken = true,
    HelpName = "N",
};
Option<int[]> matmulSizes = new("--matmul-sizes")
{
    Description = "Matrix sides for matmul (the blocked kernel needs multiples of 128; the tiled one stands in elsewhere).",
    DefaultValueFactory = _ => CompareOptions.DefaultMatMulSizes,
    AllowMultipleArgumentsPerToken = true,
    HelpName = "N",
};
Option<string?> only = new("--only") { Description = "Run one benchmark only." };
only.AcceptOnlyFromAmong("vector-add", "matmul");
Option<string?> cublas = new("--cublas")
{
    Description = "The output of `python3 samples/MatMul/reference/cublas.py SIZES` on the same GPU: adds a cuBLAS column " +
        "and each kernel's share of its speed.",
    HelpName = "FILE",
};
Option<string> output = new("--out")
{
    Description = "Where to write vector-add.md/.csv/.png and matmul.md/.csv/.png.",
    DefaultValueFactory = _ => "compare-results",
    HelpName = "DIR",
};
Option<double> budget = new("--cpu-budget")
{
    Description = "Skip a CPU variant (or a kernel on the CPU backend) at sizes where one run would take longer than this, " +
        "predicted from the size before.",
    DefaultValueFactory = _ => 20,
    HelpName = "SECONDS",
};
Option<bool> cpu = new("--cpu") { Description = "Run the kernels on the CPU backend even when a CUDA GPU is present." };
Option<string?> replot = new("--replot")
{
    Description = "Measure nothing: draw the PNG charts again from the CSV files in DIR (for example those of a GPU run) " +
        "into the --out directory.",
    HelpName = "DIR",
};

vectorSizes.Validators.Add(r => Require(r, r.GetValueOrDefault<int[]>().All(n => n >= 1), "--vector-sizes must be positive."));
matmulSizes.Validators.Add(r => Require(r, r.GetValueOrDefault<int[]>().All(n => n is >= 1 and <= 46_340),
    "--matmul-sizes must be between 1 and 46,340 (n² floats must fit in one buffer)."));
budget.Validators.Add(r => Require(r, r.GetValueOrDefault<double>() > 0, "--cpu-budget must be positive."));

RootCommand root = new(
    "Times vector add and n x n matmul on the CPU (plain C#, Parallel.For, System.Numerics.Tensors), as GpuDsl kernels " +
    "on the GPU (alone and with host-device copies) and, from a file, as cuBLAS SGEMM; prints tables and writes Markdown, " +
    "CSV and log-log PNG charts. Without a GPU it runs the CPU columns, and the kernels on the CPU backend at small sizes.")
{
    vectorSizes, matmulSizes, only, cublas, output, budget, cpu, replot,
};
root.SetAction(parse =>
{
    if (parse.GetValue(replot) is string directory)
    {
        return CompareApp.Replot(directory, parse.GetValue(output)!);
    }

    string? which = parse.GetValue(only);
    return CompareApp.Run(new CompareOptions(
        which == "matmul" ? [] : Increasing(parse.GetValue(vectorSizes)!),
        which == "vector-add" ? [] : Increasing(parse.GetValue(matmulSizes)!),
        parse.GetValue(cublas), parse.GetValue(output)!, parse.GetValue(budget), parse.GetValue(cpu)));
});
return root.Parse(args).Invoke();

// The time budget predicts each size from the one before, so sizes run smallest first.
static int[] Increasing(int[] sizes) => [.. sizes.Distinct().Order()];

static void Require(OptionResult result, bool condition, string message)
{
    if (!condition) result.AddError(message);
}
