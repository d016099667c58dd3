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
