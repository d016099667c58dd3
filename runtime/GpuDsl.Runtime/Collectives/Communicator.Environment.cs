using System.Diagnostics;
using System.Globalization;

namespace GpuDsl;

// One process per GPU: the launcher (a script, torchrun, SLURM) starts the processes and tells each its rank, the
// number of ranks and how to find the id, through environment variables.
public abstract partial class Communicator
{
    /// <summary>This process's rank: <c>GPUDSL_RANK</c>, else <c>RANK</c> (as torchrun sets it).</summary>
    public const string RankVariable = "GPUDSL_RANK";

    /// <summary>The number of ranks: <c>GPUDSL_WORLD_SIZE</c>, else <c>WORLD_SIZE</c>.</summary>
    public const string SizeVariable = "GPUDSL_WORLD_SIZE";

    /// <summary>This process's rank on its machine, which picks its GPU: <c>GPUDSL_LOCAL_RANK</c>, else <c>LOCAL_RANK</c>, else the rank.</summary>
    public const string LocalRankVariable = "GPUDSL_LOCAL_RANK";

    /// <summary>The communicator id as text (<see cref="CommunicatorId.ToString"/>), made by the launcher.</summary>
    public const string IdVariable = "GPUDSL_NCCL_ID";

    /// <summary>
    /// A file path on storage every rank can read: rank 0 makes the id and writes it there, the others wait for it. Use
    /// a new path for every run (a stale file from an earlier run would be read).
    /// </summary>
    public const string IdFileVariable = "GPUDSL_NCCL_ID_FILE";

    /// <summary>How long, in seconds, ranks wait for rank 0 to write <see cref="IdFileVariable"/> (default 120).</summary>
    public const string IdFileTimeoutVariable = "GPUDSL_NCCL_ID_TIMEOUT";

    /// <summary>
    /// This process's place in a launch of one process per GPU, from the environment (see <see cref="RankVariable"/>,
    /// <see cref="SizeVariable"/> and <see cref="LocalRankVariable"/>); <see langword="null"/> when no rank is set.
    /// </summary>
    /// <exception cref="InvalidOperationException">A variable is set but is not a valid number, or the rank is out of range.</exception>
    public static ProcessRank? RankFromEnvironment() => RankFrom(Environment.GetEnvironmentVariable);

    /// <summary><see cref="RankFromEnvironment"/> reading the variables through <paramref name="environment"/>.</summary>
    internal static ProcessRank? RankFrom(Func<string, string?> environment)
    {
        int? Number(string variable, string fallback) => Communicator.Number(environment, variable, fallback);
        int? rank = Number(RankVariable, "RANK");
        if (rank is null)
        {
            return null;
        }

        int size = Number(SizeVariable, "WORLD_SIZE")
            ?? throw new InvalidOperationException($"{RankVariable} (or RANK) is set but {SizeVariable} (or WORLD_SIZE) is not: set both.");
        if (size < 1 || rank < 0 || rank >= size)
        {
            throw new InvalidOperationException($"The rank from the environment is {rank} of {size}; it must be from 0 to {size - 1}.");
        }

        return new ProcessRank(rank.Value, size, Number(LocalRankVariable, "LOCAL_RANK") ?? rank.Value);
    }

    /// <summary>
    /// Joins the communicator this process was launched into: the rank and size from <see cref="RankFromEnvironment"/>,
    /// the id from <see cref="IdVariable"/> or, when that is not set, through the file <see cref="IdFileVariable"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The variables are missing or wrong, or the id file did not appear in time.</exception>
    /// <exception cref="CudaException">NCCL failed to connect the ranks.</exception>
    public static Communicator FromEnvironment(GpuContext context)
    {
        ProcessRank launch = RankFromEnvironment() ?? throw new InvalidOperationException(
            $"No rank is set: launch one process per GPU with {RankVariable} (or RANK) and {SizeVariable} (or WORLD_SIZE) set, " +
            $"and {IdVariable} or {IdFileVariable}.");
        return Create(context, IdFromEnvironment(launch.Rank), launch.Rank, launch.Size);
    }

    private static CommunicatorId IdFromEnvironment(int rank)
    {
        if (Environment.GetEnvironmentVariable(IdVariable) is { Length: > 0 } text)
        {
            try
            {
                return CommunicatorId.Parse(text);
            }
            catch (FormatException e)
            {
                throw new InvalidOperationException($"{IdVariable}: {e.Message}", e);
            }
        }

        string path = Environment.GetEnvironmentVariable(IdFileVariable) is { Length: > 0 } file ? file
            : throw new InvalidOperationException(
                $"Neither {IdVariable} nor {IdFileVariable} is set: the processes need the id that rank 0 makes, either as text " +
                $"in {IdVariable} or through a file every rank can read named by {IdFileVariable}.");
        return rank == 0 ? WriteIdFile(path) : WaitForIdFile(path, IdFileTimeout());
    }

    /// <summary>Makes the id and writes it to <paramref name="path"/> at once (a rename), so no rank reads half of it.</summary>
    internal static CommunicatorId WriteIdFile(string path, CommunicatorId? id = null)
    {
        id ??= CommunicatorId.Create();
        string temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temporary, id.ToString());
        File.Move(temporary, path, overwrite: true);
        return id;
    }

    /// <summary>Waits until rank 0 has written the id to <paramref name="path"/>.</summary>
    internal static CommunicatorId WaitForIdFile(string path, TimeSpan timeout)
    {
        Stopwatch waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return CommunicatorId.Parse(File.ReadAllText(path));
            }
            catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
            {
                if (waited.Elapsed >= timeout)
                {
                    throw new InvalidOperationException(
                        $"Rank 0 did not write the communicator id to {path} within {timeout.TotalSeconds:0} s ({IdFileVariable}; " +
                        $"{IdFileTimeoutVariable} sets the wait). Check that rank 0 started and that every rank sees the same file.", e);
                }

                Thread.Sleep(50);
            }
        }
    }

    private static TimeSpan IdFileTimeout() =>
        double.TryParse(Environment.GetEnvironmentVariable(IdFileTimeoutVariable), NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromSeconds(120);

    private static int? Number(Func<string, string?> environment, string variable, string fallback)
    {
        string? name = environment(variable) is { Length: > 0 } ? variable
            : environment(fallback) is { Length: > 0 } ? fallback : null;
        if (name is null)
        {
            return null;
        }

        string text = environment(name)!;
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw new InvalidOperationException($"{name} is '{text}'; it must be a whole number.");
    }
}

/// <summary>A process's place in a launch of one process per GPU.</summary>
/// <param name="Rank">The process's rank, from 0.</param>
/// <param name="Size">The number of processes (ranks).</param>
/// <param name="LocalRank">The rank among the processes on this machine: the CUDA device to open.</param>
public sealed record ProcessRank(int Rank, int Size, int LocalRank);
