using Mlp.Training;
using Mlp.Data;

namespace Mlp;

/// <summary>
/// The checks that run before any long work (loading the data, training): each mistake they find would otherwise
/// surface minutes later, or as a stack trace.
/// </summary>
public static class Preflight
{
    /// <summary>Checks <paramref name="options"/> against the file system and the dataset's headers.</summary>
    /// <exception cref="UsageException">The weights to evaluate or the save path will not do, or the batch is larger
    /// than the training set.</exception>
    /// <exception cref="DatasetException">The dataset's files are missing or not IDX files.</exception>
    public static void Check(AppOptions options)
    {
        if (options.EvalPath is { } weights)
        {
            CheckReadable(weights);
        }
        else if (!options.Profile)
        {
            CheckWritable(options.SavePath);
        }

        int trainingImages = Dataset.CountTrainingImages(options.DataDirectory);
        int batch = options.Training.BatchSize;
        if (options.EvalPath is null && batch > trainingImages)
        {
            throw new UsageException(
                $"--batch-size {batch} is larger than the training set ({trainingImages:N0} images in {options.DataDirectory}); " +
                $"pass --batch-size {trainingImages} or less.");
        }

        if (options.EvalPath is null && options.Gpus > 1 && DataParallelTrainer.CheckShape(options.Gpus, batch, trainingImages) is { } split)
        {
            throw new UsageException(split);
        }
    }

    private static void CheckReadable(string path)
    {
        if (Directory.Exists(path))
        {
            throw new UsageException(
                $"--eval {path} is a directory; give the safetensors file of weights itself (training saves mlp.safetensors unless --save says otherwise).");
        }

        if (!File.Exists(path))
        {
            throw new UsageException(
                $"--eval {path}: no such file. Train first (it saves mlp.safetensors unless --save says otherwise), or give the path of a safetensors file.");
        }

        try
        {
            using FileStream _ = File.OpenRead(path);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new UsageException($"--eval {path} cannot be read: {e.Message}");
        }
    }

    /// <summary>
    /// Opens the save path for writing and closes it again: an existing file is left as it is (not truncated, so a
    /// failed run keeps the old weights) and a new one is deleted on closing.
    /// </summary>
    private static void CheckWritable(string path)
    {
        if (Directory.Exists(path))
        {
            throw new UsageException(
                $"--save {path} is a directory; give a file path such as {Path.Combine(path, "mlp.safetensors")}.");
        }

        string full = Path.GetFullPath(path);
        string? directory = Path.GetDirectoryName(full);
        if (directory is not null && !Directory.Exists(directory))
        {
            throw new UsageException(
                $"--save {path}: the directory {directory} does not exist; create it or pass --save with another path.");
        }

        try
        {
            using FileStream _ = File.Exists(full)
                ? new FileStream(full, FileMode.Open, FileAccess.Write)
                : new FileStream(full, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1, FileOptions.DeleteOnClose);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new UsageException($"--save {path} cannot be written: {e.Message} Pass --save with a writable path.");
        }
    }
}

/// <summary>The command line asks for something that cannot work; the message says what to do instead.</summary>
public sealed class UsageException(string message) : Exception(message);
