namespace GpuDsl.Cuda.Tests;

public sealed class CompilationCacheTests : IDisposable
{
    private static readonly byte[] s_image = Enumerable.Range(0, 5000).Select(i => (byte)(i * 7)).ToArray();

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "gpudsl-cache-test-" + Guid.NewGuid().ToString("N"));
    private readonly CompilationCache _cache;
    private readonly string _key = CompilationCache.Key("__global__ void k(){}", ["--gpu-architecture=sm_90"], "sm_90", "12.8");

    public CompilationCacheTests() => _cache = new CompilationCache(_directory);

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void A_stored_entry_reads_back_and_leaves_no_temporary_files()
    {
        _cache.Store(_key, s_image);

        Assert.True(_cache.TryLoad(_key, out byte[]? image));
        Assert.Equal(s_image, image);
        Assert.Equal([_cache.PathFor(_key)], Directory.GetFiles(_directory));
    }

    [Fact]
    public void An_absent_entry_is_a_miss()
    {
        Assert.False(_cache.TryLoad(_key, out byte[]? image));
        Assert.Null(image);
    }

    [Fact]
    public void A_corrupted_entry_is_a_miss_and_the_next_store_repairs_it()
    {
        _cache.Store(_key, s_image);
        string path = _cache.PathFor(_key)!;
        byte[] entry = File.ReadAllBytes(path);
        entry[^100] ^= 0xFF;
        File.WriteAllBytes(path, entry);

        Assert.False(_cache.TryLoad(_key, out _));

        _cache.Store(_key, s_image);
        Assert.True(_cache.TryLoad(_key, out byte[]? image));
        Assert.Equal(s_image, image);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4000)]
    [InlineData(5040)]
    public void A_truncated_entry_is_a_miss(int bytesRemoved)
    {
        _cache.Store(_key, s_image);
        string path = _cache.PathFor(_key)!;
        byte[] entry = File.ReadAllBytes(path);
        File.WriteAllBytes(path, entry[..^bytesRemoved]);

        Assert.False(_cache.TryLoad(_key, out _));
    }

    [Fact]
    public void An_entry_without_the_header_is_a_miss()
    {
        Directory.CreateDirectory(_directory);
        File.WriteAllBytes(_cache.PathFor(_key)!, s_image);

        Assert.False(_cache.TryLoad(_key, out _));
    }

    [Fact]
    public void An_unusable_directory_means_no_cache_rather_than_an_error()
    {
        string file = Path.Combine(Path.GetTempPath(), "gpudsl-cache-test-file-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(file, "not a directory");
        try
        {
            CompilationCache blocked = new(file);

            blocked.Store(_key, s_image);

            Assert.False(blocked.TryLoad(_key, out _));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_cache_without_a_directory_never_hits()
    {
        CompilationCache disabled = new(directory: null);

        disabled.Store(_key, s_image);

        Assert.False(disabled.TryLoad(_key, out _));
    }

    [Fact]
    public void The_key_changes_with_every_input_and_nothing_else()
    {
        string key = CompilationCache.Key("src", ["-a", "-b"], "sm_90", "12.8");

        Assert.Equal(key, CompilationCache.Key("src", ["-a", "-b"], "sm_90", "12.8"));
        Assert.Equal(64, key.Length);
        Assert.NotEqual(key, CompilationCache.Key("src ", ["-a", "-b"], "sm_90", "12.8"));
        Assert.NotEqual(key, CompilationCache.Key("src", ["-a"], "sm_90", "12.8"));
        Assert.NotEqual(key, CompilationCache.Key("src", ["-a-b"], "sm_90", "12.8"));
        Assert.NotEqual(key, CompilationCache.Key("src", ["-a", "-b"], "sm_89", "12.8"));
        Assert.NotEqual(key, CompilationCache.Key("src", ["-a", "-b"], "sm_90", "13.0"));
    }

    [Fact]
    public void The_directory_comes_from_GPUDSL_CACHE_DIR_then_XDG_CACHE_HOME_then_HOME()
    {
        Dictionary<string, string> all = new()
        {
            ["GPUDSL_CACHE_DIR"] = "/explicit", ["XDG_CACHE_HOME"] = "/xdg", ["HOME"] = "/home/user",
        };

        Assert.Equal("/explicit", CompilationCache.DefaultDirectory(all.GetValueOrDefault, windows: false));
        all.Remove("GPUDSL_CACHE_DIR");
        Assert.Equal("/xdg/gpudsl", CompilationCache.DefaultDirectory(all.GetValueOrDefault, windows: false));
        all.Remove("XDG_CACHE_HOME");
        Assert.Equal("/home/user/.cache/gpudsl", CompilationCache.DefaultDirectory(all.GetValueOrDefault, windows: false));
    }
}
