using System.Diagnostics;
using System.Globalization;
using GpuDsl;
using Mlp.Data;
using Mlp.Kernels;
using Mlp.Model;
using Mlp.Reporting;
using Mlp.Training;
using Spectre.Console;

namespace Mlp;

/// <summary>What the command line asked for.</summary>
/// <param name="Training">The training recipe.</param>
/// <param name="DataDirectory">Where the IDX files are.</param>
/// <param name="ForceCpu">Use the CPU backend even when a GPU is present.</param>
/// <param name="SavePath">Where to save the trained weights.</param>
/// <param name="EvalPath">Weights to evaluate instead of training, or <see langword="null"/> to train.</param>
/// <param name="NoProgress">Plain output for logs.</param>
/// <param name="Profile">Instead of training, profile the training step's kernels (see <see cref="StepProfiler"/>).</param>
/// <param name="Gpus">Devices to train on, data-parallel (on the CPU backend, that many CPU contexts).</param>
/// <param name="Hidden">Hidden units.</param>
public sealed record AppOptions(
    TrainingOptions Training, string DataDirectory, bool ForceCpu, string SavePath, string? EvalPath, bool NoProgress,
    bool Profile = false, int Gpus = 1, int Hidden = MlpApp.Hidden);

/// <summary>The program: train and save, load and evaluate, or profile a training step, printing as it goes.</summary>
public static class MlpApp
{
    /// <summary>Hidden units by default, as in the PyTorch example.</summary>
    public const int Hidden = 128;

    private const string BackendVariableName = "GPUDSL_BACKEND";

    /// <summary>Runs what <paramref name="options"/> asks for; returns the process exit code.</summary>
    /// <param name="options">The parsed command line.</param>
    /// <param name="output">Where plain output goes instead of the terminal (for tests); implies plain output.</param>
    /// <param name="errors">Where error messages go; standard error when <see langword="null"/>.</param>
    public static int Run(AppOptions options, TextWriter? output = null, TextWriter? errors = null)
    {
        bool rich = output is null && !options.NoProgress && AnsiConsole.Profile.Capabilities.Interactive;
        IAnsiConsole console = rich ? AnsiConsole.Console : CreatePlainConsole(output ?? Console.Out);
        try
        {
            Preflight.Check(options);
            string? backendVariable = options.ForceCpu ? null : BackendVariable();
            // The context before the data: on CUDA it starts compiling the kernels in the background, which then overlaps
            // reading the data instead of following it at the first launch.
            using GpuContext gpu = CreateContext(options.ForceCpu, backendVariable);
            console.WriteLine(DeviceLine(gpu, options.ForceCpu, backendVariable));
            using ContextSet others = ContextSet.Open(gpu, options.Gpus);
            if (options.Gpus > 1)
            {
                console.WriteLine(FormattableString.Invariant($"Data-parallel over {options.Gpus} devices: ") +
                    string.Join(", ", others.All.Select(c => c.Backend == GpuBackend.Cuda ? $"{((GpuDsl.Cuda.CudaContext)c).DeviceOrdinal}: {c.Device.Name}" : c.Device.Name)));
            }

            Stopwatch clock = Stopwatch.StartNew();
            Dataset data = Dataset.Load(options.DataDirectory);
            console.WriteLine(FormattableString.Invariant(
                $"Data: {data.Directory}: {data.Train.Count:N0} training and {data.Test.Count:N0} test images of {data.Train.Height}x{data.Train.Width}") +
                FormattableString.Invariant($" ({clock.ElapsedMilliseconds:N0} ms to read)"));

            return options.EvalPath is { } weights ? Evaluate(console, rich, gpu, data, weights, options.Training.Kernels)
                : options.Profile ? Profile(console, rich, gpu, data, options.Training, options.Hidden)
                : Train(console, rich, others.All, data, options);
        }
        catch (Exception e) when (e is UsageException or DatasetException or InvalidDataException)
        {
            (errors ?? Console.Error).WriteLine($"error: {e.Message}");
            return MlpCommandLine.UsageError;
        }
    }

    /// <summary>The value of <c>GPUDSL_BACKEND</c> when it picks the backend (set, and not <c>auto</c>), else <see langword="null"/>.</summary>
    private static string? BackendVariable() =>
        Environment.GetEnvironmentVariable(BackendVariableName)?.Trim() is { Length: > 0 } value
            && !value.Equals("auto", StringComparison.OrdinalIgnoreCase) ? value : null;

    /// <summary>
    /// The context, or a <see cref="UsageException"/> carrying the runtime's message when <c>GPUDSL_BACKEND</c> names
    /// no backend or asks for CUDA where there is none.
    /// </summary>
    private static GpuContext CreateContext(bool forceCpu, string? backendVariable)
    {
        try
        {
            return GpuContext.Create(forceCpu ? GpuBackend.Cpu : GpuBackend.Auto);
        }
        catch (Exception e) when (backendVariable is not null && e is ArgumentException or CudaException)
        {
            throw new UsageException(e is CudaException
                ? $"{e.Message}\n{BackendVariableName}={backendVariable} asks for CUDA; unset it (or pass --cpu) to run on the CPU backend."
                : e.Message);
        }
    }

    private static int Train(IAnsiConsole console, bool rich, IReadOnlyList<GpuContext> gpus, Dataset data, AppOptions options)
    {
        TrainingOptions recipe = options.Training;
        GpuContext gpu = gpus[0];
        WriteModelLine(console, gpu, data, recipe, options.Hidden);

        using DeviceSplit test = DeviceSplit.Upload(gpu, data.Test);
        using TrainingRun run = TrainingRun.Start(gpus, data.Train, options.Hidden, recipe);
        Network network = run.Network;
        using Evaluator evaluator = new(run.Stream, network, test, run.Kernels);

        List<(EpochTiming Timing, Evaluation Evaluation)> epochs = [];
        void TrainAll(ITrainingReporter reporter)
        {
            for (int epoch = 1; epoch <= recipe.Epochs; epoch++)
            {
                EpochTiming timing = run.TrainEpoch(epoch, reporter);
                Evaluation evaluation = evaluator.Evaluate();
                Summary.Epoch(console, timing, evaluation);
                epochs.Add((timing, evaluation));
            }
        }

        if (rich)
        {
            ProgressReporter.Run(console, TrainAll);
        }
        else
        {
            TrainAll(new LogReporter(console));
        }

        Evaluation final = epochs[^1].Evaluation;
        Safetensors.Save(options.SavePath, network.ReadParameters(), new Dictionary<string, string>
        {
            ["format"] = "pt",
            ["dataset"] = data.Directory,
            ["epochs"] = recipe.Epochs.ToString(CultureInfo.InvariantCulture),
            ["seed"] = recipe.Seed.ToString(CultureInfo.InvariantCulture),
            ["test_accuracy"] = final.Accuracy.ToString("F4", CultureInfo.InvariantCulture),
        });
        console.WriteLine($"Saved fc1.weight, fc1.bias, fc2.weight, fc2.bias to {options.SavePath}");
        Summary.Training(console, epochs, gpu.Device.Name, rich ? TableBorder.Rounded : TableBorder.Ascii);
        return 0;
    }

    private static int Profile(IAnsiConsole console, bool rich, GpuContext gpu, Dataset data, TrainingOptions recipe, int hidden)
    {
        WriteModelLine(console, gpu, data, recipe, hidden);
        ProfileSettings settings = ProfileSettings.For(gpu.Backend);
        string warmup = settings.MinimumWarmup > TimeSpan.Zero
            ? FormattableString.Invariant($"{settings.WarmupSteps} warm-up steps and {settings.MinimumWarmup.TotalSeconds:0.#} s more")
            : FormattableString.Invariant($"{settings.WarmupSteps} warm-up steps");
        console.WriteLine($"Profiling the training step instead of training, after {warmup}:");
        console.WriteLine(FormattableString.Invariant(
            $"{settings.KernelFigure}; then the whole step, {settings.Repetitions} times back to back."));

        using DeviceSplit train = DeviceSplit.Upload(gpu, data.Train);
        using Network network = new(gpu, data.Train.Pixels, hidden, Dataset.Classes);
        network.Initialize(recipe.Seed);
        using Trainer trainer = new(gpu, network, train, recipe);
        StepProfile profile = trainer.ProfileStep(settings);
        ProfileReport.Write(console, profile, gpu.Device.Name, rich ? TableBorder.Rounded : TableBorder.Ascii);
        return 0;
    }

    private static void WriteModelLine(IAnsiConsole console, GpuContext gpu, Dataset data, TrainingOptions recipe, int hidden) =>
        console.WriteLine(
            FormattableString.Invariant($"Model: Linear({data.Train.Pixels}, {hidden}) -> ReLU -> Linear({hidden}, {Dataset.Classes}); ") +
            FormattableString.Invariant($"SGD lr {recipe.LearningRate} momentum {recipe.Momentum}, batch {recipe.BatchSize}, ") +
            FormattableString.Invariant($"{recipe.Epochs} epoch{(recipe.Epochs == 1 ? "" : "s")}, seed {recipe.Seed}, ") +
            FormattableString.Invariant($"{KernelName(recipe.Kernels ?? KernelSets.DefaultFor(gpu.Backend))} kernels{(recipe.UseGraphs ? "" : ", no graphs")}"));

    /// <summary>The set's name as <c>--kernels</c> takes it.</summary>
    public static string KernelName(KernelSet kernels) => kernels.ToString().ToLowerInvariant();

    private static int Evaluate(IAnsiConsole console, bool rich, GpuContext gpu, Dataset data, string path, KernelSet? kernels)
    {
        IReadOnlyList<NamedTensor> tensors = Safetensors.Load(path);
        int[] fc1 = tensors.FirstOrDefault(t => t.Name == "fc1.weight")?.Shape
            ?? throw new InvalidDataException($"{path} has no tensor 'fc1.weight'.");
        if (fc1.Length != 2 || fc1[1] != data.Test.Pixels)
        {
            throw new InvalidDataException(
                $"{path}: fc1.weight has shape [{string.Join(", ", fc1)}] but the images have {data.Test.Pixels} pixels.");
        }

        using DeviceSplit test = DeviceSplit.Upload(gpu, data.Test);
        using Network network = new(gpu, data.Test.Pixels, hidden: fc1[0], classes: Dataset.Classes);
        network.Load(tensors);
        using GpuStream stream = gpu.CreateStream();
        using Evaluator evaluator = new(stream, network, test, kernels);
        Evaluation evaluation = evaluator.Evaluate();

        console.MarkupLineInterpolated(CultureInfo.InvariantCulture,
            $"{path}: test accuracy [bold]{evaluation.Accuracy * 100:F2}%[/] ({evaluation.Correct:N0}/{evaluation.Total:N0})");
        Summary.ConfusionMatrix(console, evaluation, data.ClassNames, rich ? TableBorder.Rounded : TableBorder.Ascii);
        Summary.Result(console, FormattableString.Invariant($"test_accuracy={evaluation.Accuracy:F4}"));
        return 0;
    }

    private static string DeviceLine(GpuContext gpu, bool forcedCpu, string? backendVariable) =>
        gpu.FallbackReason is { } reason ? $"No CUDA device ({reason}); running on the {gpu.Device.Name}."
        : forcedCpu ? $"Running on the {gpu.Device.Name}, as --cpu asks."
        : backendVariable is not null ? $"Device: {gpu.Device} (from {BackendVariableName}={backendVariable})"
        : $"Device: {gpu.Device}";

    /// <summary>A console without colours, cursor movement or a width limit, for logs and pipes.</summary>
    private static IAnsiConsole CreatePlainConsole(TextWriter output)
    {
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 160;
        return console;
    }
}
