using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security;
using System.Security.Cryptography;
using System.Text;

namespace GpuDsl.Cuda;

/// <summary>
/// Compiled modules on disk, so a program compiles each kernel class once per device architecture and NVRTC version
/// rather than once per run. An entry is a header (magic, payload length, SHA-256 of the payload) and the CUBIN or PTX;
/// a damaged or truncated entry reads as a miss and is rewritten. Entries are written to a temporary file and moved
/// into place, so processes sharing the directory never see half an entry. Any I/O failure means "no cache": it can
/// slow a launch down, never fail one.
/// </summary>
internal sealed class CompilationCache
{
    /// <summary>The environment variable that sets the cache directory.</summary>
    public const string DirectoryVariable = "GPUDSL_CACHE_DIR";

    private const int MagicSize = 8;
    private const int HashSize = 32;
    private const int HeaderSize = MagicSize + sizeof(long) + HashSize;

    private static readonly Lazy<CompilationCache> s_default = new(() => new CompilationCache(
        DefaultDirectory(Environment.GetEnvironmentVariable, OperatingSystem.IsWindows())));

    /// <summary>A cache in <paramref name="directory"/>, created on first store; <see langword="null"/> caches nothing.</summary>
    public CompilationCache(string? directory) => Directory = directory;

    /// <summary>The cache of this process, in <see cref="DefaultDirectory"/>.</summary>
    public static CompilationCache Default => s_default.Value;

    /// <summary>Where entries live; <see langword="null"/> when caching is off.</summary>
    public string? Directory { get; }

    private static ReadOnlySpan<byte> Magic => "GPUDSLC1"u8;

    /// <summary>
    /// <c>GPUDSL_CACHE_DIR</c> when set; otherwise <c>$XDG_CACHE_HOME/gpudsl</c>, then <c>~/.cache/gpudsl</c> (on
    /// Windows, <c>%LOCALAPPDATA%\GpuDsl\cache</c>); <see langword="null"/> when none of these can be determined.
    /// </summary>
    public static string? DefaultDirectory(Func<string, string?> environment, bool windows)
    {
        if (environment(DirectoryVariable) is { Length: > 0 } configured)
        {
            return configured;
        }

        if (windows)
        {
            string local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
            return local.Length > 0 ? Path.Combine(local, "GpuDsl", "cache") : null;
        }

        if (environment("XDG_CACHE_HOME") is { Length: > 0 } xdg)
        {
            return Path.Combine(xdg, "gpudsl");
        }

        string home = environment("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return home.Length > 0 ? Path.Combine(home, ".cache", "gpudsl") : null;
    }

    /// <summary>The entry name for a compilation: SHA-256 over everything that determines NVRTC's output.</summary>
    public static string Key(string source, IEnumerable<string> options, string architecture, string compilerVersion)
    {
        using IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, "gpudsl-compilation-1");
        Append(hash, source);
        foreach (string option in options)
        {
            Append(hash, option);
        }

        Append(hash, architecture);
        Append(hash, compilerVersion);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The file that holds (or would hold) the entry for <paramref name="key"/>.</summary>
    public string? PathFor(string key) => Directory is null ? null : Path.Combine(Directory, key + ".bin");

    /// <summary>Reads an entry; false when it is absent, damaged, or cannot be read.</summary>
    public bool TryLoad(string key, [NotNullWhen(true)] out byte[]? image)
    {
        image = null;
        string? path = PathFor(key);
        try
        {
            if (path is null || !File.Exists(path))
            {
                return false;
            }

            byte[] entry = File.ReadAllBytes(path);
            if (entry.Length < HeaderSize || !entry.AsSpan(0, MagicSize).SequenceEqual(Magic))
            {
                return false;
            }

            ReadOnlySpan<byte> payload = entry.AsSpan(HeaderSize);
            long length = BinaryPrimitives.ReadInt64LittleEndian(entry.AsSpan(MagicSize));
            Span<byte> actualHash = stackalloc byte[HashSize];
            SHA256.HashData(payload, actualHash);
            if (length != payload.Length || !actualHash.SequenceEqual(entry.AsSpan(MagicSize + sizeof(long), HashSize)))
            {
                return false;
            }

            image = payload.ToArray();
            return true;
        }
        catch (Exception e) when (IsFileSystemFailure(e))
        {
            return false;
        }
    }

    /// <summary>Writes an entry, replacing any existing one; failures are ignored.</summary>
    public void Store(string key, ReadOnlySpan<byte> image)
    {
        string? path = PathFor(key);
        if (path is null)
        {
            return;
        }

        string temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            System.IO.Directory.CreateDirectory(Directory!);
            Span<byte> header = stackalloc byte[HeaderSize];
            Magic.CopyTo(header);
            BinaryPrimitives.WriteInt64LittleEndian(header[MagicSize..], image.Length);
            SHA256.HashData(image, header[(MagicSize + sizeof(long))..]);
            using (FileStream file = new(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                file.Write(header);
                file.Write(image);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (IsFileSystemFailure(e))
        {
            TryDelete(temporary);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (IsFileSystemFailure(e))
        {
        }
    }

    private static bool IsFileSystemFailure(Exception e) =>
        e is IOException or UnauthorizedAccessException or NotSupportedException or SecurityException or ArgumentException;

    private static void Append(IncrementalHash hash, string part)
    {
        // Length-prefixed, so ("ab", "c") and ("a", "bc") hash differently.
        byte[] bytes = Encoding.UTF8.GetBytes(part);
        Span<byte> length = stackalloc byte[sizeof(int)];
        BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
        hash.AppendData(length);
        hash.AppendData(bytes);
    }
}
