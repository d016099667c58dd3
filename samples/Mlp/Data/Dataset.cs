namespace Mlp.Data;

/// <summary>One split of an image classification dataset, as bytes: images row-major, one label byte per image.</summary>
/// <param name="Name">"train" or "test".</param>
/// <param name="Images">Count x Height x Width pixel bytes.</param>
/// <param name="Labels">Count class indices.</param>
/// <param name="Count">The number of images.</param>
/// <param name="Height">Rows of each image.</param>
/// <param name="Width">Columns of each image.</param>
public sealed record DatasetSplit(string Name, byte[] Images, byte[] Labels, int Count, int Height, int Width)
{
    /// <summary>Pixels per image: the network's input features.</summary>
    public int Pixels => Height * Width;
}

/// <summary>
/// MNIST or Fashion-MNIST, read from the four IDX files the two share (gzipped or not):
/// <c>train-images-idx3-ubyte</c>, <c>train-labels-idx1-ubyte</c>, <c>t10k-images-idx3-ubyte</c>,
/// <c>t10k-labels-idx1-ubyte</c>.
/// </summary>
/// <param name="Directory">Where the files were read from.</param>
/// <param name="Train">The training split.</param>
/// <param name="Test">The test split.</param>
/// <param name="ClassNames">A name for each class: Fashion-MNIST's garments when the directory's name says
/// "fashion", otherwise the digits.</param>
public sealed record Dataset(string Directory, DatasetSplit Train, DatasetSplit Test, string[] ClassNames)
{
    /// <summary>Where Debian's <c>dataset-fashion-mnist</c> package installs Fashion-MNIST.</summary>
    public const string DefaultDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>The command that installs the default dataset.</summary>
    public const string InstallCommand = "sudo apt-get install -y dataset-fashion-mnist";

    /// <summary>The number of classes of MNIST and Fashion-MNIST.</summary>
    public const int Classes = 10;

    private static readonly string[] s_fashionClasses =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>Reads the four files from <paramref name="directory"/>.</summary>
    /// <exception cref="DatasetException">A file is missing or is not what it should be; the message names it and, for
    /// the default directory, the command that installs the data.</exception>
    public static Dataset Load(string directory) => WithAdvice(directory, () =>
    {
        DatasetSplit train = LoadSplit(directory, "train", "train");
        DatasetSplit test = LoadSplit(directory, "t10k", "test");
        if (train.Height != test.Height || train.Width != test.Width)
        {
            throw new DatasetException(
                $"The training images are {train.Height}x{train.Width} but the test images are {test.Height}x{test.Width}.");
        }

        string[] names = directory.Contains("fashion", StringComparison.OrdinalIgnoreCase)
            ? s_fashionClasses
            : [.. Enumerable.Range(0, Classes).Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture))];
        return new Dataset(directory, train, test, names);
    });

    /// <summary>
    /// Checks that <paramref name="directory"/> holds the four files and returns the number of training images, read
    /// from one file's header: what <see cref="Load"/> would find, known before the work of loading.
    /// </summary>
    /// <exception cref="DatasetException">A file is missing or its header is not an IDX header.</exception>
    public static int CountTrainingImages(string directory) => WithAdvice(directory, () =>
    {
        int count = IdxFile.ReadDimensions(Find(directory, "train-images-idx3-ubyte"), dimensions: 3)[0];
        Find(directory, "train-labels-idx1-ubyte");
        IdxFile.ReadDimensions(Find(directory, "t10k-images-idx3-ubyte"), dimensions: 3);
        Find(directory, "t10k-labels-idx1-ubyte");
        return count;
    });

    /// <summary>Runs <paramref name="read"/>, turning a missing, malformed or unreadable file into a <see cref="DatasetException"/> that says what to do.</summary>
    private static T WithAdvice<T>(string directory, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is FileNotFoundException or IdxFormatException or UnauthorizedAccessException or IOException)
        {
            throw new DatasetException(e.Message + " " + Advice(directory), e);
        }
    }

    /// <summary>What to do when the files in <paramref name="directory"/> are missing or unreadable.</summary>
    public static string Advice(string directory) =>
        Path.GetFullPath(directory) == Path.GetFullPath(DefaultDirectory)
            ? $"Install Fashion-MNIST with `{InstallCommand}`, or pass --data DIR with another IDX dataset such as MNIST."
            : "Pass --data DIR with the IDX files of MNIST or Fashion-MNIST.";

    private static DatasetSplit LoadSplit(string directory, string prefix, string name)
    {
        string imagesPath = Find(directory, $"{prefix}-images-idx3-ubyte");
        string labelsPath = Find(directory, $"{prefix}-labels-idx1-ubyte");
        IdxArray images = IdxFile.Read(imagesPath, dimensions: 3);
        IdxArray labels = IdxFile.Read(labelsPath, dimensions: 1);
        if (images.Dimensions[0] != labels.Dimensions[0])
        {
            throw new DatasetException(
                $"{imagesPath} holds {images.Dimensions[0]:N0} images but {labelsPath} holds {labels.Dimensions[0]:N0} labels.");
        }

        int bad = Array.FindIndex(labels.Data, l => l >= Classes);
        if (bad >= 0)
        {
            throw new DatasetException(
                $"{labelsPath}: label {labels.Data[bad]} of image {bad} is outside 0..{Classes - 1}.");
        }

        return new DatasetSplit(name, images.Data, labels.Data, images.Dimensions[0], images.Dimensions[1], images.Dimensions[2]);
    }

    /// <summary>The gzipped file when there is one, otherwise the plain one.</summary>
    private static string Find(string directory, string baseName)
    {
        string gzipped = Path.Combine(directory, baseName + ".gz");
        string plain = Path.Combine(directory, baseName);
        if (File.Exists(gzipped)) return gzipped;
        if (File.Exists(plain)) return plain;
        string where = System.IO.Directory.Exists(directory) ? ""
            : File.Exists(directory) ? $" ({directory} is a file, not a directory)"
            : $" (the directory {directory} does not exist)";
        throw new FileNotFoundException($"Missing dataset file {gzipped} (or {baseName} uncompressed){where}.", gzipped);
    }
}

/// <summary>The dataset could not be read; the message says which file and what to do.</summary>
public sealed class DatasetException(string message, Exception? inner = null) : Exception(message, inner);
