namespace GpuDsl.Runtime.Tests;

/// <summary>The communicator id as text and through a file, as a launcher passes it to the processes.</summary>
public sealed class CommunicatorIdTests
{
    private static readonly string s_text = string.Concat(Enumerable.Range(0, 128).Select(i => i.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void An_id_reads_back_from_its_text()
    {
        CommunicatorId id = CommunicatorId.Parse(s_text);

        Assert.Equal(s_text, id.ToString());
        Assert.Equal(127, id.Bytes[127]);
    }

    [Fact]
    public void Text_that_is_not_an_id_says_what_an_id_is()
    {
        FormatException error = Assert.Throws<FormatException>(() => CommunicatorId.Parse("abc"));

        Assert.Contains("256 hexadecimal digits", error.Message);
    }

    [Fact]
    public void Rank_0_writes_the_id_file_and_the_other_ranks_read_it()
    {
        string path = Path.Combine(Path.GetTempPath(), $"gpudsl-nccl-id-{Guid.NewGuid():n}");
        try
        {
            Communicator.WriteIdFile(path, CommunicatorId.Parse(s_text));

            CommunicatorId read = Communicator.WaitForIdFile(path, TimeSpan.FromSeconds(1));

            Assert.Equal(s_text, read.ToString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_missing_id_file_fails_after_the_wait_naming_the_file()
    {
        string path = Path.Combine(Path.GetTempPath(), $"gpudsl-nccl-missing-{Guid.NewGuid():n}");

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => Communicator.WaitForIdFile(path, TimeSpan.Zero));

        Assert.Contains(path, error.Message);
        Assert.Contains("GPUDSL_NCCL_ID_TIMEOUT", error.Message);
    }
}

/// <summary>A process's rank from the launcher's variables: GpuDsl's own, else torchrun's.</summary>
public sealed class ProcessRankTests
{
    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void GpuDsl_variables_give_the_rank_the_size_and_the_local_rank()
    {
        ProcessRank? rank = Communicator.RankFrom(Environment(("GPUDSL_RANK", "9"), ("GPUDSL_WORLD_SIZE", "16"), ("GPUDSL_LOCAL_RANK", "1")));

        Assert.Equal(new ProcessRank(9, 16, 1), rank);
    }

    [Fact]
    public void Torchrun_variables_are_read_when_GpuDsl_ones_are_not_set_and_the_local_rank_defaults_to_the_rank()
    {
        Assert.Equal(new ProcessRank(3, 4, 3), Communicator.RankFrom(Environment(("RANK", "3"), ("WORLD_SIZE", "4"))));
        Assert.Null(Communicator.RankFrom(Environment()));
    }

    [Fact]
    public void A_rank_out_of_range_or_without_a_size_is_refused_naming_the_variables()
    {
        InvalidOperationException outOfRange = Assert.Throws<InvalidOperationException>(() =>
            Communicator.RankFrom(Environment(("GPUDSL_RANK", "4"), ("GPUDSL_WORLD_SIZE", "4"))));
        InvalidOperationException noSize = Assert.Throws<InvalidOperationException>(() =>
            Communicator.RankFrom(Environment(("GPUDSL_RANK", "0"))));
        InvalidOperationException notANumber = Assert.Throws<InvalidOperationException>(() =>
            Communicator.RankFrom(Environment(("GPUDSL_RANK", "zero"), ("GPUDSL_WORLD_SIZE", "2"))));

        Assert.Contains("from 0 to 3", outOfRange.Message);
        Assert.Contains("GPUDSL_WORLD_SIZE", noSize.Message);
        Assert.Contains("GPUDSL_RANK is 'zero'", notANumber.Message);
    }
}
