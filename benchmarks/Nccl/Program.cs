using System.Diagnostics;
using System.Globalization;
using GpuDsl;

// All-reduce (sum, float) bandwidth through Communicator, sizes 8 B to --max-bytes (1 GiB by default), in the terms of
// nccl-tests' all_reduce_perf: algorithm bandwidth = bytes / time, bus bandwidth = algbw * 2(n-1)/n, the figure that
// compares with the links' speed. allreduce_torch.py measures torch.distributed the same way.
//
//   dotnet run -c Release --project benchmarks/Nccl                    every GPU of this process, one thread each
//   dotnet run -c Release --project benchmarks/Nccl -- --gpus 2        the first two
//   GPUDSL_RANK=r GPUDSL_WORLD_SIZE=n GPUDSL_NCCL_ID_FILE=/tmp/id dotnet benchmarks/Nccl/bin/Release/net10.0/Nccl.dll
//                                                                      one process per GPU (see README, "Several GPUs")
//   dotnet run -c Release --project benchmarks/Nccl -- --cpu --gpus 2 --max-bytes 1048576   the CPU backend (a smoke test)
//
// Prints one line per size and "RESULT busbw_gbps_<max>=..." for the largest.
Options options = Options.Parse(args);
ProcessRank? launch = Communicator.RankFromEnvironment();
if (launch is not null)
{
    using GpuContext gpu = GpuContext.Create(GpuBackend.Cuda, launch.LocalRank);
    using Communicator communicator = Communicator.FromEnvironment(gpu);
    Run([communicator], options, print: launch.Rank == 0);
    return 0;
}

GpuContext[] contexts = options.Cpu
    ? [.. Enumerable.Range(0, options.Gpus ?? 2).Select(_ => GpuContext.Create(GpuBackend.Cpu))]
    : [.. Enumerable.Range(0, options.Gpus ?? GpuContext.ListCudaDevices().Count).Select(i => GpuContext.Create(GpuBackend.Cuda, i))];
if (contexts.Length < 1)
{
    Console.Error.WriteLine("error: no CUDA device; pass --cpu to try the program on the CPU backend.");
    return 2;
}

Communicator[] ranks = Communicator.CreateGroup(contexts);
Console.WriteLine($"{ranks.Length} ranks in one process: {string.Join(", ", contexts.Select(c => c.Device.Name))}");
Run(ranks, options, print: true);
Communicator.DisposeAll(ranks);
foreach (GpuContext context in contexts) context.Dispose();
return 0;

// Every rank of this process on its own thread; each size: warm-up, then the timed all-reduces back to back between
// two events, and the slowest rank's time (a collective ends when its last rank does).
static void Run(Communicator[] local, Options options, bool print)
{
    int size = local[0].Size;
    if (print)
    {
        Console.WriteLine(FormattableString.Invariant($"all-reduce, sum of float, {size} ranks, {options.Warmup} warm-up and {options.Iterations} timed iterations per size"));
        Console.WriteLine($"{"bytes",14} {"floats",12} {"time_us",10} {"algbw_GB/s",11} {"busbw_GB/s",11}");
    }

    List<long> sizes = [];
    for (long bytes = 8; bytes <= options.MaxBytes; bytes *= options.Factor) sizes.Add(bytes);
    double[] milliseconds = new double[local.Length];
    double lastBus = 0;
    foreach (long bytes in sizes)
    {
        int count = (int)(bytes / sizeof(float));
        Parallel(local.Length, r => milliseconds[r] = Time(local[r], count, options));
        double microseconds = milliseconds.Max() * 1000 / options.Iterations;
        double algorithm = bytes / (microseconds * 1e3); // GB/s
        lastBus = algorithm * 2 * (size - 1) / size;
        if (print)
        {
            Console.WriteLine(FormattableString.Invariant($"{bytes,14} {count,12} {microseconds,10:F1} {algorithm,11:F2} {lastBus,11:F2}"));
        }
    }

    if (print)
    {
        Console.WriteLine(FormattableString.Invariant($"RESULT busbw_gbps_{sizes[^1]}={lastBus:F2} ranks={size}"));
    }
}

static double Time(Communicator rank, int count, Options options)
{
    GpuContext gpu = rank.Context;
    using DeviceBuffer<float> data = gpu.Allocate<float>(count);
    data.Clear();
    using GpuStream stream = gpu.CreateStream();
    using GpuEvent start = gpu.CreateEvent(), stop = gpu.CreateEvent();
    for (int i = 0; i < options.Warmup; i++) rank.AllReduce(data, ReduceOperation.Sum, stream);
    stream.Synchronize();
    start.Record(stream);
    for (int i = 0; i < options.Iterations; i++) rank.AllReduce(data, ReduceOperation.Sum, stream);
    stop.Record(stream);
    stop.Synchronize();
    return stop.ElapsedMillisecondsSince(start);
}

static void Parallel(int ranks, Action<int> work)
{
    Thread[] threads = [.. Enumerable.Range(0, ranks).Select(r => new Thread(() => work(r)))];
    foreach (Thread thread in threads) thread.Start();
    foreach (Thread thread in threads) thread.Join();
}

/// <summary>The command line.</summary>
internal sealed record Options(long MaxBytes, int Factor, int Warmup, int Iterations, int? Gpus, bool Cpu)
{
    public static Options Parse(string[] args)
    {
        Options options = new(MaxBytes: 1L << 30, Factor: 2, Warmup: 5, Iterations: 20, Gpus: null, Cpu: false);
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--max-bytes" => options with { MaxBytes = long.Parse(Next(), CultureInfo.InvariantCulture) },
                "--factor" => options with { Factor = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--warmup" => options with { Warmup = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--iterations" => options with { Iterations = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--gpus" => options with { Gpus = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--cpu" => options with { Cpu = true },
                var other => throw new ArgumentException($"unknown option {other}"),
            };
        }

        return options;
    }
}
