namespace Mlp.Tests;

/// <summary>
/// A user's mistakes on the command line: each gives exactly one <c>error:</c> line that says what to do, exit code 2,
/// no stack trace, and is caught before anything is loaded or trained (nothing reaches standard output).
/// </summary>
public sealed class CommandLineTests
{
    [Theory]
    [InlineData("--epochs abc", "error: --epochs takes a whole number of at least 1, not 'abc'.")]
    [InlineData("--epochs 0", "error: --epochs takes a whole number of at least 1, not '0'.")]
    [InlineData("--epochs 99999999999", "error: --epochs takes a whole number of at least 1, not '99999999999'.")]
    [InlineData("--batch-size -5", "error: --batch-size takes a whole number of at least 1, not '-5'.")]
    [InlineData("--lr abc", "error: --lr takes a positive number such as 0.01, not 'abc'.")]
    [InlineData("--lr inf", "error: --lr takes a positive number such as 0.01, not 'inf'.")]
    [InlineData("--lr Infinity", "error: --lr takes a positive number such as 0.01, not 'Infinity'.")]
    [InlineData("--lr NaN", "error: --lr takes a positive number such as 0.01, not 'NaN'.")]
    [InlineData("--lr 1e39", "error: --lr takes a positive number such as 0.01, not '1e39'.")]
    [InlineData("--lr 0", "error: --lr takes a positive number such as 0.01, not '0'.")]
    [InlineData("--momentum 1", "error: --momentum takes a number in [0, 1) such as 0.9, not '1'.")]
    [InlineData("--momentum -0.5", "error: --momentum takes a number in [0, 1) such as 0.9, not '-0.5'.")]
    [InlineData("--seed x", "error: --seed takes a whole number, not 'x'.")]
    [InlineData("--kernels banana", "error: --kernels takes fused or simple, not 'banana'.")]
    [InlineData("--epochs", "error: --epochs needs a value. Run with --help to see the options.")]
    [InlineData("--batch 3", "error: unknown option '--batch'. Did you mean --batch-size? Run with --help to see the options.")]
    [InlineData("--epoch 3", "error: unknown option '--epoch'. Did you mean --epochs? Run with --help to see the options.")]
    [InlineData("--frobnicate", "error: unknown option '--frobnicate'. Run with --help to see the options.")]
    [InlineData("stray", "error: unexpected argument 'stray': Mlp takes only options. Run with --help to see the options.")]
    [InlineData("--gpus 0", "error: --gpus takes a whole number of at least 1, not '0'.")]
    [InlineData("--hidden 5000", "error: --hidden takes a whole number from 1 to 2048, not '5000'.")]
    [InlineData("--gpus 2 --profile", "error: --gpus 2 trains on several devices; --eval and --profile use one: leave out --gpus.")]
    [InlineData("--eval w.safetensors --profile",
        "error: --eval and --profile do not go together: --eval evaluates saved weights, --profile times training steps.")]
    public void A_bad_option_gives_one_error_line_that_says_what_the_option_takes(string args, string expected)
    {
        (int code, string output, string errors) = RunCli(args.Split(' '));

        Assert.Equal(MlpCommandLine.UsageError, code);
        Assert.Equal(expected + Environment.NewLine, errors);
        Assert.Equal("", output);
    }

    [Theory]
    [InlineData("--data")]
    [InlineData("--save")]
    [InlineData("--eval")]
    public void An_empty_path_is_refused_by_its_option(string option)
    {
        (int code, string output, string errors) = RunCli(option, "");

        Assert.Equal(MlpCommandLine.UsageError, code);
        Assert.StartsWith($"error: {option} takes ", errors);
        Assert.EndsWith("not an empty string." + Environment.NewLine, errors);
        Assert.Equal("", output);
    }

    [Fact]
    public void An_option_given_twice_gives_one_error_line_and_the_help_hint()
    {
        (int code, _, string errors) = RunCli("--epochs", "3", "--epochs", "4");

        Assert.Equal(MlpCommandLine.UsageError, code);
        Assert.Single(Lines(errors));
        Assert.Matches("^error: .*--epochs.* Run with --help to see the options.", errors);
    }

    [Fact]
    public void Help_wins_over_a_bad_value_and_exits_0()
    {
        (int code, string output, string errors) = RunCli("--epochs", "abc", "--help");

        Assert.Equal(0, code);
        Assert.Contains("--batch-size", output);
        Assert.Equal("", errors);
    }

    [Fact]
    public void A_batch_larger_than_the_training_set_is_refused_with_the_limit_before_the_data_is_loaded()
    {
        using TempDirectory dir = new();
        IdxWriter.WriteDataset(dir.File("data"), train: 20, test: 5, height: 2, width: 2, gzip: true);

        (int code, string output, string errors) = RunCli(
            "--data", dir.File("data"), "--cpu", "--save", dir.File("w.safetensors"), "--batch-size", "100000000");

        Assert.Equal(MlpCommandLine.UsageError, code);
        Assert.Equal(
            $"error: --batch-size 100000000 is larger than the training set (20 images in {dir.File("data")}); pass --batch-size 20 or less."
            + Environment.NewLine, errors);
        Assert.Equal("", output);
    }

    [Fact]
    public void A_batch_as_large_as_the_training_set_trains()
    {
        using TempDirectory dir = new();
        IdxWriter.WriteDataset(dir.File("data"), train: 20, test: 5, height: 2, width: 2, gzip: true);

        (int code, string output, string errors) = RunCli(
            "--data", dir.File("data"), "--cpu", "--save", dir.File("w.safetensors"), "--batch-size", "20", "--epochs", "1");

        Assert.Equal(0, code);
        Assert.Equal("", errors);
        Assert.Contains("batch 20, 1 epoch,", output);
        Assert.True(File.Exists(dir.File("w.safetensors")));
    }

    [Fact]
    public void Save_to_a_directory_is_refused_before_training()
    {
        using TempDirectory dir = new();
        IdxWriter.WriteDataset(dir.File("data"), train: 20, test: 5, height: 2, width: 2, gzip: false);

        (int code, string output, string errors) = RunCli("--data", dir.File("data"), "--cpu", "--save", dir.Path);

        AssertOneError(code, output, errors,
            $"error: --save {dir.Path} is a directory; give a file path such as {Path.Combine(dir.Path, "mlp.safetensors")}.");
    }

    [Fact]
    public void Save_into_a_missing_directory_is_refused_before_training()
    {
        using TempDirectory dir = new();
        IdxWriter.WriteDataset(dir.File("data"), train: 20, test: 5, height: 2, width: 2, gzip: false);
        string path = dir.File("no/such/w.safetensors");

        (int code, string output, string errors) = RunCli("--data", dir.File("data"), "--cpu", "--save", path);

        AssertOneError(code, output, errors,
            $"error: --save {path}: the directory {dir.File("no/such")} does not exist; create it or pass --save with another path.");
    }

    [Fact]
    public void Save_to_a_place_that_cannot_be_written_is_refused_before_training()
    {
        using TempDirectory dir = new();
        IdxWriter.WriteDataset(dir.File("data"), train: 20, test: 5, height: 2, width: 2, gzip: false);
        string path = Path.Combine(ReadOnlyDirectory(dir), "w.safetensors");

        (int code, string output, string errors) = RunCli("--data", dir.File("data"), "--cpu", "--save", path);

        Assert.Equal(MlpCommandLine.UsageError, code);
        Assert.StartsWith($"error: --save {path} cannot be written: ", errors);
        Assert.EndsWith(" Pass --save with a writable path." + Environment.NewLine, errors);
        Assert.Single(Lines(errors));
        Assert.Equal("", output);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void The_save_check_neither_truncates_an_existing_file_nor_leaves_a_new_one_behind()
    {
        using TempDirectory dir = new();
        IdxWriter.WriteDataset(dir.File("data"), train: 20, test: 5, height: 2, width: 2, gzip: false);
        File.WriteAllText(dir.File("old.safetensors"), "earlier weights");

        // The batch check comes after the save check and fails, so nothing trains and nothing is saved.
        RunCli("--data", dir.File("data"), "--cpu", "--save", dir.File("old.safetensors"), "--batch-size", "21");
        RunCli("--data", dir.File("data"), "--cpu", "--save", dir.File("new.safetensors"), "--batch-size", "21");

        Assert.Equal("earlier weights", File.ReadAllText(dir.File("old.safetensors")));
        Assert.False(File.Exists(dir.File("new.safetensors")));
    }

    [Fact]
    public void Eval_of_a_directory_says_it_is_a_directory()
    {
        using TempDirectory dir = new();
        IdxWriter.WriteDataset(dir.File("data"), train: 20, test: 5, height: 2, width: 2, gzip: false);

        (int code, string output, string errors) = RunCli("--data", dir.File("data"), "--cpu", "--eval", dir.Path);

        AssertOneError(code, output, errors,
            $"error: --eval {dir.Path} is a directory; give the safetensors file of weights itself (training saves mlp.safetensors unless --save says otherwise).");
    }

    [Fact]
    public void Eval_of_a_missing_file_says_there_is_no_such_file()
    {
        using TempDirectory dir = new();
        IdxWriter.WriteDataset(dir.File("data"), train: 20, test: 5, height: 2, width: 2, gzip: false);
        string path = dir.File("missing.safetensors");

        (int code, string output, string errors) = RunCli("--data", dir.File("data"), "--cpu", "--eval", path);

        AssertOneError(code, output, errors,
            $"error: --eval {path}: no such file. Train first (it saves mlp.safetensors unless --save says otherwise), or give the path of a safetensors file.");
    }

    [Fact]
    public void Eval_of_a_file_that_is_not_safetensors_gives_one_error_line()
    {
        using TempDirectory dir = new();
        IdxWriter.WriteDataset(dir.File("data"), train: 20, test: 5, height: 2, width: 2, gzip: false);
        File.WriteAllText(dir.File("notes.txt"), "not weights");

        (int code, _, string errors) = RunCli("--data", dir.File("data"), "--cpu", "--eval", dir.File("notes.txt"));

        Assert.Equal(MlpCommandLine.UsageError, code);
        Assert.StartsWith("error: ", errors);
        Assert.Single(Lines(errors));
    }

    [Fact]
    public void A_data_directory_without_the_files_names_the_missing_file()
    {
        using TempDirectory dir = new();

        (int code, string output, string errors) = RunCli("--data", dir.Path, "--cpu", "--save", dir.File("w.safetensors"));

        AssertOneError(code, output, errors,
            $"error: Missing dataset file {Path.Combine(dir.Path, "train-images-idx3-ubyte.gz")} (or train-images-idx3-ubyte uncompressed). " +
            "Pass --data DIR with the IDX files of MNIST or Fashion-MNIST.");
    }

    [Fact]
    public void A_data_path_that_is_a_file_says_so()
    {
        using TempDirectory dir = new();
        File.WriteAllText(dir.File("file"), "");

        (int code, string output, string errors) = RunCli("--data", dir.File("file"), "--cpu", "--save", dir.File("w.safetensors"));

        Assert.Equal(MlpCommandLine.UsageError, code);
        Assert.Contains($"({dir.File("file")} is a file, not a directory)", errors);
        Assert.Single(Lines(errors));
        Assert.Equal("", output);
    }

    [Fact]
    public void A_missing_test_file_is_found_before_the_training_files_are_loaded()
    {
        using TempDirectory dir = new();
        IdxWriter.WriteDataset(dir.File("data"), train: 20, test: 5, height: 2, width: 2, gzip: false);
        File.Delete(dir.File("data/t10k-labels-idx1-ubyte"));

        (int code, string output, string errors) = RunCli("--data", dir.File("data"), "--cpu", "--save", dir.File("w.safetensors"));

        Assert.Equal(MlpCommandLine.UsageError, code);
        Assert.StartsWith($"error: Missing dataset file {dir.File("data/t10k-labels-idx1-ubyte.gz")}", errors);
        Assert.Equal("", output);
    }

    [Fact]
    public void A_dataset_file_with_a_bad_header_is_refused_before_loading()
    {
        using TempDirectory dir = new();
        IdxWriter.WriteDataset(dir.File("data"), train: 20, test: 5, height: 2, width: 2, gzip: false);
        File.WriteAllText(dir.File("data/train-images-idx3-ubyte"), "not an IDX file");

        (int code, string output, string errors) = RunCli("--data", dir.File("data"), "--cpu", "--save", dir.File("w.safetensors"));

        Assert.Equal(MlpCommandLine.UsageError, code);
        Assert.StartsWith($"error: {dir.File("data/train-images-idx3-ubyte")} is not a valid IDX file: its magic number is", errors);
        Assert.Equal("", output);
    }

    [Theory]
    [InlineData("--batch", "--batch-size")]
    [InlineData("--batchsize", "--batch-size")]
    [InlineData("--no-graph", "--no-graphs")]
    [InlineData("--kernel", "--kernels")]
    [InlineData("--lr", "--lr")]
    [InlineData("--learning-rate", null)]
    public void An_unknown_option_is_matched_to_the_option_it_starts_or_nearly_spells(string token, string? expected)
    {
        string[] options = ["--epochs", "--batch-size", "--lr", "--momentum", "--seed", "--data", "--no-graphs", "--kernels"];

        Assert.Equal(expected, MlpCommandLine.Nearest(token, options));
    }

    internal static (int Code, string Output, string Errors) RunCli(params string[] args)
    {
        StringWriter output = new(), errors = new();
        int code = MlpCommandLine.Run(args, output, errors);
        return (code, output.ToString(), errors.ToString());
    }

    internal static string[] Lines(string text) => text.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

    private static void AssertOneError(int code, string output, string errors, string expected)
    {
        Assert.Equal(MlpCommandLine.UsageError, code);
        Assert.Equal(expected + Environment.NewLine, errors);
        Assert.Equal("", output);
    }

    /// <summary>
    /// A directory this process cannot create files in: one without write permission, or, where permissions do not
    /// bind (root), sysfs, which refuses new files to everyone.
    /// </summary>
    private static string ReadOnlyDirectory(TempDirectory dir)
    {
        string path = dir.File("read-only");
        Directory.CreateDirectory(path);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        try
        {
            File.WriteAllText(Path.Combine(path, "probe"), "");
        }
        catch (UnauthorizedAccessException)
        {
            return path;
        }

        File.Delete(Path.Combine(path, "probe"));
        Assert.SkipUnless(Directory.Exists("/sys/kernel"), "Permissions do not bind here, and there is no sysfs to refuse writes.");
        return "/sys";
    }
}
