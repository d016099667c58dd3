using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using TorchSharp;
using static TorchSharp.torch;

// The Mlp sample's recipe in PyTorch on the CPU, through TorchSharp's libtorch, for the CPU backend's epoch to be compared
// with on the same machine (samples/Mlp/reference/train_torch.py is the same recipe in Python): Linear(784, 128) -> ReLU
// -> Linear(128, 10), cross-entropy, SGD lr 0.01 momentum 0.9, batch 128 (the last batch keeps the remainder), inputs
// (x/255 - 0.5)/0.5, a new permutation each epoch, the batch gathered and normalized from the bytes each step.
// Usage: dotnet run --project benchmarks/TorchMlp -c Release [-- --epochs 1 --data DIR]
int epochs = 1;
string data = "/usr/share/datasets/fashion-mnist";
for (int a = 0; a + 1 < args.Length; a += 2)
{
    switch (args[a])
    {
        case "--epochs": epochs = int.Parse(args[a + 1], CultureInfo.InvariantCulture); break;
        case "--data": data = args[a + 1]; break;
        default: Console.Error.WriteLine($"error: unknown option {args[a]}; takes --epochs N and --data DIR"); return 2;
    }
}

const int BatchSize = 128, Features = 28 * 28;
torch.manual_seed(1);
(Tensor trainImages, Tensor trainLabels) = Load(data, "train", Features);
(Tensor testImages, Tensor testLabels) = Load(data, "t10k", Features);
long rows = trainImages.shape[0];

var model = nn.Sequential(("fc1", nn.Linear(Features, 128)), ("relu", nn.ReLU()), ("fc2", nn.Linear(128, 10)));
var optimizer = torch.optim.SGD(model.parameters(), 0.01, momentum: 0.9);
var loss = nn.CrossEntropyLoss();
Console.WriteLine($"PyTorch (TorchSharp {typeof(torch).Assembly.GetName().Version}) on the CPU, {torch.get_num_threads()} threads, " +
    $"{Environment.ProcessorCount} cores; {rows:N0} training images, batch {BatchSize}, {epochs} epoch(s)");

for (int epoch = 1; epoch <= epochs; epoch++)
{
    Stopwatch clock = Stopwatch.StartNew();
    model.train();
    using (Tensor order = torch.randperm(rows))
    {
        for (long first = 0; first < rows; first += BatchSize)
        {
            using var scope = torch.NewDisposeScope();
            Tensor rowsOfBatch = order.narrow(0, first, Math.Min(BatchSize, rows - first));
            Tensor x = Normalized(trainImages.index_select(0, rowsOfBatch));
            Tensor y = trainLabels.index_select(0, rowsOfBatch);
            optimizer.zero_grad();
            Tensor value = loss.forward(model.forward(x), y);
            value.backward();
            optimizer.step();
        }
    }

    double milliseconds = clock.Elapsed.TotalMilliseconds;
    model.eval();
    double accuracy;
    using (torch.no_grad())
    using (var scope = torch.NewDisposeScope())
    {
        Tensor predicted = model.forward(Normalized(testImages)).argmax(1);
        accuracy = predicted.eq(testLabels).to(ScalarType.Float32).mean().item<float>();
    }

    Console.WriteLine($"epoch {epoch}: {milliseconds:N1} ms, test accuracy {accuracy:P2}");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT epoch={epoch} epoch_ms={milliseconds:F1} test_accuracy={accuracy:F4}"));
}

return 0;

// (x/255 - 0.5)/0.5 as float, as the sample's GatherBatch kernel computes it.
static Tensor Normalized(Tensor bytes) => (bytes.to(ScalarType.Float32) / 255f - 0.5f) / 0.5f;

// The images ([n, 784] bytes) and labels ([n] longs) of one split, from its IDX files (gzipped or not).
static (Tensor Images, Tensor Labels) Load(string directory, string prefix, int features)
{
    byte[] images = Idx(directory, $"{prefix}-images-idx3-ubyte", 16);
    byte[] labels = Idx(directory, $"{prefix}-labels-idx1-ubyte", 8);
    Tensor imageTensor = torch.tensor(images, new long[] { labels.Length, features }, ScalarType.Byte);
    Tensor labelTensor = torch.tensor(labels, new long[] { labels.Length }, ScalarType.Byte).to(ScalarType.Int64);
    return (imageTensor, labelTensor);
}

// The payload of an IDX file of bytes after its header.
static byte[] Idx(string directory, string name, int header)
{
    string path = Path.Combine(directory, name + ".gz");
    using Stream file = File.Exists(path) ? new GZipStream(File.OpenRead(path), CompressionMode.Decompress) : File.OpenRead(Path.Combine(directory, name));
    using MemoryStream bytes = new();
    file.CopyTo(bytes);
    return bytes.ToArray()[header..];
}
