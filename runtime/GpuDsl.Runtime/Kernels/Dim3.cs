namespace GpuDsl;

/// <summary>
/// Three extents or coordinates, like CUDA's <c>dim3</c>: a grid or block size in a launch configuration, or a thread's
/// index inside a kernel (<see cref="Gpu.ThreadIdx"/>). Unset dimensions are 1, so an <see cref="int"/> converts to a
/// one-dimensional <see cref="Dim3"/>.
/// </summary>
public readonly record struct Dim3
{
    /// <summary>Creates a size or coordinate; <paramref name="y"/> and <paramref name="z"/> default to 1.</summary>
    public Dim3(int x, int y = 1, int z = 1)
    {
        X = x;
        Y = y;
        Z = z;
    }

    /// <summary>The x component (CUDA <c>.x</c>).</summary>
    [CudaIntrinsic("((int){0}.x)")]
    public int X { get; }

    /// <summary>The y component (CUDA <c>.y</c>).</summary>
    [CudaIntrinsic("((int){0}.y)")]
    public int Y { get; }

    /// <summary>The z component (CUDA <c>.z</c>).</summary>
    [CudaIntrinsic("((int){0}.z)")]
    public int Z { get; }

    /// <summary>The product of the three components, as a 64-bit count.</summary>
    public long Volume => (long)X * Y * Z;

    /// <summary>A one-dimensional size: <c>(x, 1, 1)</c>.</summary>
    public static implicit operator Dim3(int x) => new(x);

    /// <summary>A two-dimensional size: <c>(x, y, 1)</c>.</summary>
    public static implicit operator Dim3((int X, int Y) xy) => new(xy.X, xy.Y);

    /// <summary>A three-dimensional size.</summary>
    public static implicit operator Dim3((int X, int Y, int Z) xyz) => new(xyz.X, xyz.Y, xyz.Z);

    /// <inheritdoc/>
    public override string ToString() => $"({X}, {Y}, {Z})";
}
