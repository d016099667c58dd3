namespace GpuDsl.CompilerServices;

/// <summary>
/// The memory each span argument of one launch reaches, recorded by a backend's argument loader so that a read-only span
/// overlapping a writable one is refused (see <see cref="LaunchAliasing"/>). The first spans are kept in fixed buffers
/// on the stack, so a launch allocates nothing; a kernel with more span parameters than that keeps the rest in a list.
/// </summary>
internal unsafe struct LaunchViews
{
    private const int Inline = 16;

    private fixed long _starts[Inline];
    private fixed long _ends[Inline];
    private int _count;
    private int _readOnlyMask;
    private List<(long Start, long End, bool ReadOnly)>? _more;

    /// <summary>Whether a read-only view overlaps a writable one.</summary>
    public bool Overlap { get; private set; }

    /// <summary>Records the <paramref name="bytes"/> bytes at <paramref name="address"/>, and whether they overlap a
    /// view of the other kind recorded before.</summary>
    public void Add(nint address, long bytes, bool readOnly)
    {
        if (bytes <= 0)
        {
            return; // an empty view reaches nothing
        }

        long start = address, end = start + bytes;
        int inline = Math.Min(_count, Inline);
        for (int i = 0; i < inline; i++)
        {
            if (((_readOnlyMask >> i) & 1) != (readOnly ? 1 : 0) && start < _ends[i] && _starts[i] < end)
            {
                Overlap = true;
            }
        }

        if (_more is not null)
        {
            foreach ((long otherStart, long otherEnd, bool otherReadOnly) in _more)
            {
                Overlap |= otherReadOnly != readOnly && start < otherEnd && otherStart < end;
            }
        }

        if (_count < Inline)
        {
            _starts[_count] = start;
            _ends[_count] = end;
            _readOnlyMask |= readOnly ? 1 << _count : 0;
        }
        else
        {
            (_more ??= []).Add((start, end, readOnly));
        }

        _count++;
    }
}
