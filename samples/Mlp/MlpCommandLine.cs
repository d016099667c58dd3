using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Globalization;
using Mlp.Data;
using Mlp.Kernels;
using Mlp.Training;

namespace Mlp;

/// <summary>
/// The command line: the options, their parsers (each says what it takes when a value is wrong), and one
/// <c>error:</c> line for any mistake instead of System.CommandLine's error list followed by the whole help.
/// </summary>
public static class MlpCommandLine
{
    /// <summary>The exit code of every mistake of the user's: a bad option, missing data, an unwritable path.</summary>
    public const int UsageError = 2;

    private const string HelpHint = "Run with --help to see the options.";

    /// <summary>
    /// The most hidden units <c>--hidden</c> takes: the fused kernels keep a block's rows of hidden values and fc2's
    /// weights in shared memory, which at 2,048 units is about 113 KiB, within what an A100 or H100 block may opt in to (smaller GPUs refuse the launch, saying so).
    /// </summary>
    public const int MaxHidden = 2048;

    /// <summary>Parses <paramref name="args"/> and runs the program; returns the process exit code.</summary>
    /// <param name="args">The command line, without the program's name.</param>
    /// <param name="output">Where output and help go instead of the terminal (for tests); implies plain output.</param>
    /// <param name="errors">Where error messages go; standard error when <see langword="null"/>.</param>
    public static int Run(string[] args, TextWriter? output = null, TextWriter? errors = null)
    {
        RootCommand root = Build(options => MlpApp.Run(options, output, errors));
        ParseResult parse = root.Parse(args);
        if (parse.Action is ParseErrorAction)
        {
            (errors ?? Console.Error).WriteLine($"error: {Describe(root, parse)}");
            return UsageError;
        }

        return parse.Invoke(new InvocationConfiguration
        {
            Output = output ?? Console.Out,
            Error = errors ?? Console.Error,
            EnableDefaultExceptionHandler = false,
        });
    }

    /// <summary>The first mistake on the command line, said once, with what to do about it.</summary>
    private static string Describe(RootCommand root, ParseResult parse)
    {
        if (parse.UnmatchedTokens is [var token, ..])
        {
            if (!token.StartsWith('-')) return $"unexpected argument '{token}': Mlp takes only options. {HelpHint}";
            string? near = Nearest(token, root.Options.SelectMany(o => o.Aliases.Prepend(o.Name)));
            string suggestion = near is null ? "" : $" Did you mean {near}?";
            return $"unknown option '{token}'.{suggestion} {HelpHint}";
        }

        ParseError first = parse.Errors[0];
        if (first.SymbolResult is OptionResult { Tokens.Count: 0 } option)
        {
            return $"{option.Option.Name} needs a value. {HelpHint}";
        }

        // The messages of this file's parsers start with the option and say what it takes; System.CommandLine's own
        // (an option given twice, say) may span lines and get the hint.
        string message = string.Join(" ", first.Message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        return message.StartsWith("--", StringComparison.Ordinal) ? message : $"{message} {HelpHint}";
    }

    /// <summary>
    /// The option <paramref name="token"/> most likely meant: the one it starts (<c>--batch</c> for <c>--batch-size</c>),
    /// else the closest by edit distance, if within a third of its length.
    /// </summary>
    /// <param name="token">The unknown option as typed.</param>
    /// <param name="names">The options' names and aliases.</param>
    public static string? Nearest(string token, IEnumerable<string> names)
    {
        List<string> candidates = [.. names.Where(n => n.StartsWith("--", StringComparison.Ordinal))];
        if (candidates.Where(n => n.StartsWith(token, StringComparison.Ordinal)).ToList() is [var only]) return only;
        (string Name, int Distance) best = candidates.Select(n => (n, EditDistance(token, n))).MinBy(c => c.Item2);
        return best.Name is not null && best.Distance <= Math.Max(1, token.Length / 3) ? best.Name : null;
    }

    private static int EditDistance(string a, string b)
    {
        int[] previous = [.. Enumerable.Range(0, b.Length + 1)], current = new int[b.Length + 1];
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitute = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitute, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    private static RootCommand Build(Func<AppOptions, int> run)
    {
        TrainingOptions defaults = new();

        Option<int> epochs = new("--epochs")
        {
            Description = "Passes over the training set.",
            DefaultValueFactory = _ => defaults.Epochs,
            CustomParser = r => ParseInt(r, "--epochs", minimum: 1),
        };
        Option<int> batchSize = new("--batch-size")
        {
            Description = "Samples per mini-batch, at most the training set's size; the last batch of an epoch keeps the remainder.",
            DefaultValueFactory = _ => defaults.BatchSize,
            CustomParser = r => ParseInt(r, "--batch-size", minimum: 1),
        };
        Option<float> learningRate = new("--lr")
        {
            Description = "SGD learning rate, a positive number.",
            DefaultValueFactory = _ => defaults.LearningRate,
            CustomParser = r => ParseFloat(r, "--lr", "a positive number such as 0.01", v => v > 0),
        };
        Option<float> momentum = new("--momentum")
        {
            Description = "SGD momentum, in [0, 1).",
            DefaultValueFactory = _ => defaults.Momentum,
            CustomParser = r => ParseFloat(r, "--momentum", "a number in [0, 1) such as 0.9", v => v is >= 0 and < 1),
        };
        Option<int> seed = new("--seed")
        {
            Description = "Seeds the initial weights and the per-epoch shuffling.",
            DefaultValueFactory = _ => defaults.Seed,
            CustomParser = r => ParseInt(r, "--seed", minimum: int.MinValue),
        };
        Option<string> data = new("--data")
        {
            Description = "Directory of the four IDX files of MNIST or Fashion-MNIST (gzipped or not). " +
                $"The default is where `{Dataset.InstallCommand}` puts Fashion-MNIST.",
            DefaultValueFactory = _ => Dataset.DefaultDirectory,
            CustomParser = r => ParsePath(r, "--data", "a directory"),
            HelpName = "DIR",
        };
        Option<bool> cpu = new("--cpu")
        {
            Description = "Run on the CPU backend even when a CUDA GPU is present. Without it, the environment variable " +
                "GPUDSL_BACKEND (cuda, cpu or auto) picks the backend, and the device line says so.",
        };
        Option<string> save = new("--save")
        {
            Description = "Where to save the trained weights (safetensors: fc1.weight, fc1.bias, fc2.weight, fc2.bias; F32). " +
                "It is checked for writing before training starts.",
            DefaultValueFactory = _ => "mlp.safetensors",
            CustomParser = r => ParsePath(r, "--save", "a file path"),
            HelpName = "PATH",
        };
        Option<string?> eval = new("--eval")
        {
            Description = "Do not train: load weights from this safetensors file and report test accuracy and the confusion matrix.",
            CustomParser = r => ParsePath(r, "--eval", "a safetensors file"),
            HelpName = "PATH",
        };
        Option<bool> noProgress = new("--no-progress") { Description = "Plain output for logs: no progress bars, colours or cursor movement." };
        Option<bool> noGraphs = new("--no-graphs")
        {
            Description = "Launch each kernel of a training step separately instead of replaying the step as a captured graph.",
        };
        Option<KernelSet?> kernels = new("--kernels")
        {
            Description = "The kernels that compute a step: fused (4 launches per step, 3 of them tiled; fast on a GPU) or simple (one thread " +
                "per result and no barriers, fast on the CPU backend). The default is fused on CUDA and simple on the CPU backend.",
            CustomParser = ParseKernels,
            HelpName = "fused|simple",
        };
        Option<int> gpus = new("--gpus")
        {
            Description = "Train data-parallel on this many devices: CUDA devices 0 to N-1, or with --cpu (or no GPU) N contexts of the " +
                "CPU backend. Each takes an equal slice of every batch and the gradients are averaged (NCCL on GPUs), so the result is " +
                "one-device training of the same batches; --batch-size (and the epoch's last batch) must divide by N.",
            DefaultValueFactory = _ => 1,
            CustomParser = r => ParseInt(r, "--gpus", minimum: 1),
            HelpName = "N",
        };
        Option<int> hidden = new("--hidden")
        {
            Description = $"Hidden units, from 1 to {MaxHidden} (a larger network gives more devices more to do).",
            DefaultValueFactory = _ => MlpApp.Hidden,
            CustomParser = r => ParseInt(r, "--hidden", minimum: 1, maximum: MaxHidden),
            HelpName = "UNITS",
        };
        Option<bool> profile = new("--profile")
        {
            Description = "Do not train: time each kernel of one training step and the whole step as training replays it " +
                "(after warm-up), and print where the time goes.",
        };

        RootCommand root = new(
            "Trains Linear(784, 128) -> ReLU -> Linear(128, 10) on Fashion-MNIST (or MNIST) with SGD, every computation a GpuDsl " +
            "kernel, on the GPU or, without one, on the CPU backend.")
        {
            epochs, batchSize, learningRate, momentum, seed, data, cpu, save, eval, noProgress, noGraphs, kernels, profile, gpus, hidden,
        };
        root.Validators.Add(r =>
        {
            if (r.GetResult(eval) is { Implicit: false } && r.GetResult(profile) is { Implicit: false })
            {
                r.AddError("--eval and --profile do not go together: --eval evaluates saved weights, --profile times training steps.");
            }
            else if ((r.GetResult(eval) is { Implicit: false } || r.GetResult(profile) is { Implicit: false })
                && r.GetResult(gpus)?.Tokens is [.., var last]
                && int.TryParse(last.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int count) && count > 1)
            {
                // Read from the token: GetValue would throw for a value its own parser refused.
                r.AddError($"--gpus {count} trains on several devices; --eval and --profile use one: leave out --gpus.");
            }
        });
        root.SetAction(parse => run(new AppOptions(
            new TrainingOptions(
                parse.GetValue(epochs), parse.GetValue(batchSize), parse.GetValue(learningRate), parse.GetValue(momentum),
                parse.GetValue(seed), UseGraphs: !parse.GetValue(noGraphs), Kernels: parse.GetValue(kernels)),
            parse.GetValue(data)!, parse.GetValue(cpu), parse.GetValue(save)!, parse.GetValue(eval), parse.GetValue(noProgress),
            parse.GetValue(profile), parse.GetValue(gpus), parse.GetValue(hidden))));
        return root;
    }

    private static int ParseInt(ArgumentResult result, string option, int minimum, int maximum = int.MaxValue)
    {
        string wanted = minimum == int.MinValue ? "a whole number"
            : maximum == int.MaxValue ? $"a whole number of at least {minimum}"
            : $"a whole number from {minimum} to {maximum}";
        string? text = LastToken(result);
        if (text is null) return 0;
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value) || value < minimum || value > maximum)
        {
            result.AddError($"{option} takes {wanted}, not '{text}'.");
        }

        return value;
    }

    private static float ParseFloat(ArgumentResult result, string option, string wanted, Func<float, bool> accept)
    {
        string? text = LastToken(result);
        if (text is null) return 0;
        if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float value) || !float.IsFinite(value) || !accept(value))
        {
            result.AddError($"{option} takes {wanted}, not '{text}'.");
        }

        return value;
    }

    private static string ParsePath(ArgumentResult result, string option, string wanted)
    {
        string? text = LastToken(result);
        if (string.IsNullOrWhiteSpace(text))
        {
            result.AddError($"{option} takes {wanted}, not an empty string.");
            return "";
        }

        return text;
    }

    private static KernelSet? ParseKernels(ArgumentResult result) => LastToken(result) switch
    {
        "fused" => KernelSet.Fused,
        "simple" => KernelSet.Simple,
        null => null,
        var other => Fail(result, $"--kernels takes fused or simple, not '{other}'."),
    };

    private static KernelSet? Fail(ArgumentResult result, string message)
    {
        result.AddError(message);
        return null;
    }

    /// <summary>The option's value; the last one when it is given twice, as System.CommandLine does for scalars.</summary>
    private static string? LastToken(ArgumentResult result) => result.Tokens is [.., var last] ? last.Value : null;
}
