using Mlp.Data;

namespace Mlp.Tests;

public sealed class IdxLoaderTests
{
    private static readonly byte[] s_pixels = [.. Enumerable.Range(0, 3 * 2 * 4).Select(i => (byte)(i * 10))];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Reads_dimensions_and_data_of_raw_and_gzipped_files_alike(bool gzip)
    {
        using TempDirectory dir = new();
        byte[] file = IdxWriter.Encode([3, 2, 4], s_pixels);
        File.WriteAllBytes(dir.File("images"), gzip ? IdxWriter.Gzip(file) : file);

        IdxArray array = IdxFile.Read(dir.File("images"), dimensions: 3);

        Assert.Equal([3, 2, 4], array.Dimensions);
        Assert.Equal(s_pixels, array.Data);
    }

    [Fact]
    public void Bad_magic_number_names_the_file_and_both_magics()
    {
        using TempDirectory dir = new();
        byte[] file = IdxWriter.Encode([3, 2, 4], s_pixels);
        file[2] = 0x0D; // float data, which the loader does not take
        File.WriteAllBytes(dir.File("images"), file);

        IdxFormatException e = Assert.Throws<IdxFormatException>(() => IdxFile.Read(dir.File("images"), dimensions: 3));

        Assert.Equal(dir.File("images"), e.FilePath);
        Assert.Contains("0x00000D03", e.Message);
        Assert.Contains("0x00000803", e.Message);
    }

    [Fact]
    public void Labels_file_read_as_images_is_refused_by_its_dimension_count()
    {
        using TempDirectory dir = new();
        File.WriteAllBytes(dir.File("labels"), IdxWriter.Encode([5], [1, 2, 3, 4, 5]));

        IdxFormatException e = Assert.Throws<IdxFormatException>(() => IdxFile.Read(dir.File("labels"), dimensions: 3));

        Assert.Contains("unsigned bytes in 3 dimensions", e.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Truncated_data_reports_the_declared_and_the_present_byte_counts(bool gzip)
    {
        using TempDirectory dir = new();
        byte[] file = IdxWriter.Encode([3, 2, 4], s_pixels)[..^5];
        File.WriteAllBytes(dir.File("images"), gzip ? IdxWriter.Gzip(file) : file);

        IdxFormatException e = Assert.Throws<IdxFormatException>(() => IdxFile.Read(dir.File("images"), dimensions: 3));

        Assert.Contains("truncated", e.Message);
        Assert.Contains("3 x 2 x 4 = 24 bytes of data but only 19 follow", e.Message);
    }

    [Fact]
    public void Truncated_header_is_reported_as_such()
    {
        using TempDirectory dir = new();
        File.WriteAllBytes(dir.File("images"), IdxWriter.Encode([3, 2, 4], s_pixels)[..9]);

        IdxFormatException e = Assert.Throws<IdxFormatException>(() => IdxFile.Read(dir.File("images"), dimensions: 3));

        Assert.Contains("truncated inside its header", e.Message);
    }

    [Fact]
    public void Cut_off_gzip_stream_is_an_idx_format_error_not_a_crash()
    {
        using TempDirectory dir = new();
        byte[] gz = IdxWriter.Gzip(IdxWriter.Encode([3, 2, 4], s_pixels));
        File.WriteAllBytes(dir.File("images.gz"), gz[..(gz.Length / 2)]);

        IdxFormatException e = Assert.Throws<IdxFormatException>(() => IdxFile.Read(dir.File("images.gz"), dimensions: 3));

        Assert.Equal(dir.File("images.gz"), e.FilePath);
    }

    [Fact]
    public void Trailing_bytes_after_the_declared_data_are_refused()
    {
        using TempDirectory dir = new();
        File.WriteAllBytes(dir.File("labels"), [.. IdxWriter.Encode([2], [1, 2]), 99]);

        IdxFormatException e = Assert.Throws<IdxFormatException>(() => IdxFile.Read(dir.File("labels"), dimensions: 1));

        Assert.Contains("bytes after the 2", e.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Dataset_reads_the_four_files_of_a_directory(bool gzip)
    {
        using TempDirectory dir = new();
        IdxWriter.WriteDataset(dir.Path, train: 6, test: 4, height: 3, width: 5, gzip);

        Dataset data = Dataset.Load(dir.Path);

        Assert.Equal((6, 4, 15), (data.Train.Count, data.Test.Count, data.Train.Pixels));
        Assert.Equal(6 * 15, data.Train.Images.Length);
        Assert.All(data.Test.Labels, l => Assert.InRange(l, 0, 9));
        Assert.Equal("0", data.ClassNames[0]);
    }

    [Fact]
    public void Missing_file_names_it_and_says_how_to_point_at_another_dataset()
    {
        using TempDirectory dir = new();
        IdxWriter.WriteDataset(dir.Path, train: 6, test: 4, height: 3, width: 5, gzip: true);
        File.Delete(dir.File("t10k-labels-idx1-ubyte.gz"));

        DatasetException e = Assert.Throws<DatasetException>(() => Dataset.Load(dir.Path));

        Assert.Contains(dir.File("t10k-labels-idx1-ubyte.gz"), e.Message);
        Assert.Contains("--data DIR", e.Message);
    }

    [Fact]
    public void Advice_for_the_default_directory_gives_the_install_command()
    {
        Assert.Contains("sudo apt-get install -y dataset-fashion-mnist", Dataset.Advice(Dataset.DefaultDirectory));
        Assert.DoesNotContain("apt-get", Dataset.Advice("/somewhere/else"));
    }

    [Fact]
    public void Corrupt_file_in_a_dataset_is_reported_with_its_path()
    {
        using TempDirectory dir = new();
        IdxWriter.WriteDataset(dir.Path, train: 6, test: 4, height: 3, width: 5, gzip: false);
        File.WriteAllBytes(dir.File("train-images-idx3-ubyte"), [0, 0, 8, 3, 0, 0]);

        DatasetException e = Assert.Throws<DatasetException>(() => Dataset.Load(dir.Path));

        Assert.Contains(dir.File("train-images-idx3-ubyte"), e.Message);
        Assert.IsType<IdxFormatException>(e.InnerException);
    }

    [Fact]
    public void Label_outside_the_ten_classes_is_refused()
    {
        using TempDirectory dir = new();
        IdxWriter.WriteDataset(dir.Path, train: 6, test: 4, height: 3, width: 5, gzip: false);
        File.WriteAllBytes(dir.File("train-labels-idx1-ubyte"), IdxWriter.Encode([6], [0, 1, 2, 12, 4, 5]));

        DatasetException e = Assert.Throws<DatasetException>(() => Dataset.Load(dir.Path));

        Assert.Contains("label 12 of image 3", e.Message);
    }
}
