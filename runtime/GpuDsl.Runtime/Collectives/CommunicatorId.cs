using System.Globalization;
using GpuDsl.Interop;

namespace GpuDsl;

/// <summary>
/// The id that ties the processes of one communicator together (NCCL's <c>ncclUniqueId</c>, 128 bytes): rank 0 makes it
/// with <see cref="Create"/>, the launcher hands it to every process (as text: <see cref="ToString"/> and
/// <see cref="Parse"/>), and each passes it to <see cref="Communicator.Create"/>. It holds rank 0's network address, so
/// one id serves one communicator, and processes on other machines must be able to reach rank 0.
/// </summary>
public sealed class CommunicatorId
{
    /// <summary>Characters of the id as text: two hexadecimal digits per byte.</summary>
    public const int TextLength = Nccl.UniqueIdBytes * 2;

    private readonly byte[] _bytes;

    private CommunicatorId(byte[] bytes) => _bytes = bytes;

    /// <summary>The id's bytes.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>Makes a new id (<c>ncclGetUniqueId</c>), on rank 0 only.</summary>
    /// <exception cref="CudaException">NCCL could not be loaded, or found no network interface to listen on.</exception>
    public static unsafe CommunicatorId Create()
    {
        NcclLibrary.EnsureLoaded();
        Nccl.ThrowIfFailed(Nccl.ncclGetUniqueId(out NcclUniqueId id));
        return new CommunicatorId(new ReadOnlySpan<byte>(id.Bytes, Nccl.UniqueIdBytes).ToArray());
    }

    /// <summary>Reads an id written by <see cref="ToString"/>: <see cref="TextLength"/> hexadecimal digits.</summary>
    /// <exception cref="FormatException">The text is not such an id.</exception>
    public static CommunicatorId Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string trimmed = text.Trim();
        if (trimmed.Length != TextLength || !trimmed.All(char.IsAsciiHexDigit))
        {
            throw new FormatException(
                $"A communicator id is {TextLength} hexadecimal digits (CommunicatorId.ToString on rank 0), not " +
                $"{(trimmed.Length > 40 ? string.Concat(trimmed.AsSpan(0, 40), "...") : $"'{trimmed}'")} ({trimmed.Length} characters).");
        }

        return new CommunicatorId(Convert.FromHexString(trimmed));
    }

    /// <summary>The id as <see cref="TextLength"/> lowercase hexadecimal digits, for an environment variable or a file.</summary>
    public override string ToString() => Convert.ToHexString(_bytes).ToLower(CultureInfo.InvariantCulture);

    internal unsafe NcclUniqueId Value
    {
        get
        {
            NcclUniqueId id = default;
            _bytes.CopyTo(new Span<byte>(id.Bytes, Nccl.UniqueIdBytes));
            return id;
        }
    }
}
