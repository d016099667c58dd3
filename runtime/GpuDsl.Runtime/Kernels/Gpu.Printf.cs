using GpuDsl.Cpu;

namespace GpuDsl;

public static partial class Gpu
{
    /// <summary>
    /// Prints from GPU code with CUDA's <c>printf</c>: <paramref name="format"/> is a string literal or const with C's
    /// conversions (<c>%d %i %u %x %X %o %c</c> for <see cref="int"/>-sized integers, with <c>ll</c> for <see cref="long"/>
    /// and <see cref="ulong"/>; <c>%f %F %e %E %g %G</c> for <see cref="float"/>, <see cref="double"/> and
    /// <see cref="System.Half"/>; flags, width and precision; <c>%%</c>), which the generator checks against the
    /// arguments (GPU0039). On the GPU the text appears when the launch is synchronized, in no set order between
    /// threads; the CPU backend writes the same text to <see cref="System.Console.Out"/> as each thread prints.
    /// </summary>
    /// <param name="format">The text, with one conversion per argument.</param>
    [CudaIntrinsic("printf")]
    public static void Printf(string format) => CpuPrintf.Write(format, []);

    /// <inheritdoc cref="Printf(string)"/>
    /// <typeparam name="TArg1">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <param name="format">The text, with one conversion per argument.</param>
    /// <param name="arg1">The value of the format's conversion number 1.</param>
    [CudaIntrinsic("printf")]
    public static void Printf<TArg1>(string format, TArg1 arg1) where TArg1 : unmanaged =>
        CpuPrintf.Write(format, [CpuPrintf.Argument(arg1)]);

    /// <inheritdoc cref="Printf(string)"/>
    /// <typeparam name="TArg1">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <typeparam name="TArg2">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <param name="format">The text, with one conversion per argument.</param>
    /// <param name="arg1">The value of the format's conversion number 1.</param>
    /// <param name="arg2">The value of the format's conversion number 2.</param>
    [CudaIntrinsic("printf")]
    public static void Printf<TArg1, TArg2>(string format, TArg1 arg1, TArg2 arg2) where TArg1 : unmanaged where TArg2 : unmanaged =>
        CpuPrintf.Write(format, [CpuPrintf.Argument(arg1), CpuPrintf.Argument(arg2)]);

    /// <inheritdoc cref="Printf(string)"/>
    /// <typeparam name="TArg1">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <typeparam name="TArg2">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <typeparam name="TArg3">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <param name="format">The text, with one conversion per argument.</param>
    /// <param name="arg1">The value of the format's conversion number 1.</param>
    /// <param name="arg2">The value of the format's conversion number 2.</param>
    /// <param name="arg3">The value of the format's conversion number 3.</param>
    [CudaIntrinsic("printf")]
    public static void Printf<TArg1, TArg2, TArg3>(string format, TArg1 arg1, TArg2 arg2, TArg3 arg3) where TArg1 : unmanaged where TArg2 : unmanaged where TArg3 : unmanaged =>
        CpuPrintf.Write(format, [CpuPrintf.Argument(arg1), CpuPrintf.Argument(arg2), CpuPrintf.Argument(arg3)]);

    /// <inheritdoc cref="Printf(string)"/>
    /// <typeparam name="TArg1">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <typeparam name="TArg2">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <typeparam name="TArg3">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <typeparam name="TArg4">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <param name="format">The text, with one conversion per argument.</param>
    /// <param name="arg1">The value of the format's conversion number 1.</param>
    /// <param name="arg2">The value of the format's conversion number 2.</param>
    /// <param name="arg3">The value of the format's conversion number 3.</param>
    /// <param name="arg4">The value of the format's conversion number 4.</param>
    [CudaIntrinsic("printf")]
    public static void Printf<TArg1, TArg2, TArg3, TArg4>(string format, TArg1 arg1, TArg2 arg2, TArg3 arg3, TArg4 arg4) where TArg1 : unmanaged where TArg2 : unmanaged where TArg3 : unmanaged where TArg4 : unmanaged =>
        CpuPrintf.Write(format, [CpuPrintf.Argument(arg1), CpuPrintf.Argument(arg2), CpuPrintf.Argument(arg3), CpuPrintf.Argument(arg4)]);

    /// <inheritdoc cref="Printf(string)"/>
    /// <typeparam name="TArg1">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <typeparam name="TArg2">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <typeparam name="TArg3">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <typeparam name="TArg4">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <typeparam name="TArg5">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <param name="format">The text, with one conversion per argument.</param>
    /// <param name="arg1">The value of the format's conversion number 1.</param>
    /// <param name="arg2">The value of the format's conversion number 2.</param>
    /// <param name="arg3">The value of the format's conversion number 3.</param>
    /// <param name="arg4">The value of the format's conversion number 4.</param>
    /// <param name="arg5">The value of the format's conversion number 5.</param>
    [CudaIntrinsic("printf")]
    public static void Printf<TArg1, TArg2, TArg3, TArg4, TArg5>(string format, TArg1 arg1, TArg2 arg2, TArg3 arg3, TArg4 arg4, TArg5 arg5) where TArg1 : unmanaged where TArg2 : unmanaged where TArg3 : unmanaged where TArg4 : unmanaged where TArg5 : unmanaged =>
        CpuPrintf.Write(format, [CpuPrintf.Argument(arg1), CpuPrintf.Argument(arg2), CpuPrintf.Argument(arg3), CpuPrintf.Argument(arg4), CpuPrintf.Argument(arg5)]);

    /// <inheritdoc cref="Printf(string)"/>
    /// <typeparam name="TArg1">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <typeparam name="TArg2">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <typeparam name="TArg3">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <typeparam name="TArg4">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <typeparam name="TArg5">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <typeparam name="TArg6">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <param name="format">The text, with one conversion per argument.</param>
    /// <param name="arg1">The value of the format's conversion number 1.</param>
    /// <param name="arg2">The value of the format's conversion number 2.</param>
    /// <param name="arg3">The value of the format's conversion number 3.</param>
    /// <param name="arg4">The value of the format's conversion number 4.</param>
    /// <param name="arg5">The value of the format's conversion number 5.</param>
    /// <param name="arg6">The value of the format's conversion number 6.</param>
    [CudaIntrinsic("printf")]
    public static void Printf<TArg1, TArg2, TArg3, TArg4, TArg5, TArg6>(string format, TArg1 arg1, TArg2 arg2, TArg3 arg3, TArg4 arg4, TArg5 arg5, TArg6 arg6) where TArg1 : unmanaged where TArg2 : unmanaged where TArg3 : unmanaged where TArg4 : unmanaged where TArg5 : unmanaged where TArg6 : unmanaged =>
        CpuPrintf.Write(format, [CpuPrintf.Argument(arg1), CpuPrintf.Argument(arg2), CpuPrintf.Argument(arg3), CpuPrintf.Argument(arg4), CpuPrintf.Argument(arg5), CpuPrintf.Argument(arg6)]);

    /// <inheritdoc cref="Printf(string)"/>
    /// <typeparam name="TArg1">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <typeparam name="TArg2">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <typeparam name="TArg3">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <typeparam name="TArg4">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <typeparam name="TArg5">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <typeparam name="TArg6">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <typeparam name="TArg7">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <param name="format">The text, with one conversion per argument.</param>
    /// <param name="arg1">The value of the format's conversion number 1.</param>
    /// <param name="arg2">The value of the format's conversion number 2.</param>
    /// <param name="arg3">The value of the format's conversion number 3.</param>
    /// <param name="arg4">The value of the format's conversion number 4.</param>
    /// <param name="arg5">The value of the format's conversion number 5.</param>
    /// <param name="arg6">The value of the format's conversion number 6.</param>
    /// <param name="arg7">The value of the format's conversion number 7.</param>
    [CudaIntrinsic("printf")]
    public static void Printf<TArg1, TArg2, TArg3, TArg4, TArg5, TArg6, TArg7>(string format, TArg1 arg1, TArg2 arg2, TArg3 arg3, TArg4 arg4, TArg5 arg5, TArg6 arg6, TArg7 arg7) where TArg1 : unmanaged where TArg2 : unmanaged where TArg3 : unmanaged where TArg4 : unmanaged where TArg5 : unmanaged where TArg6 : unmanaged where TArg7 : unmanaged =>
        CpuPrintf.Write(format, [CpuPrintf.Argument(arg1), CpuPrintf.Argument(arg2), CpuPrintf.Argument(arg3), CpuPrintf.Argument(arg4), CpuPrintf.Argument(arg5), CpuPrintf.Argument(arg6), CpuPrintf.Argument(arg7)]);

    /// <inheritdoc cref="Printf(string)"/>
    /// <typeparam name="TArg1">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <typeparam name="TArg2">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <typeparam name="TArg3">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <typeparam name="TArg4">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <typeparam name="TArg5">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <typeparam name="TArg6">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <typeparam name="TArg7">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <typeparam name="TArg8">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <param name="format">The text, with one conversion per argument.</param>
    /// <param name="arg1">The value of the format's conversion number 1.</param>
    /// <param name="arg2">The value of the format's conversion number 2.</param>
    /// <param name="arg3">The value of the format's conversion number 3.</param>
    /// <param name="arg4">The value of the format's conversion number 4.</param>
    /// <param name="arg5">The value of the format's conversion number 5.</param>
    /// <param name="arg6">The value of the format's conversion number 6.</param>
    /// <param name="arg7">The value of the format's conversion number 7.</param>
    /// <param name="arg8">The value of the format's conversion number 8.</param>
    [CudaIntrinsic("printf")]
    public static void Printf<TArg1, TArg2, TArg3, TArg4, TArg5, TArg6, TArg7, TArg8>(string format, TArg1 arg1, TArg2 arg2, TArg3 arg3, TArg4 arg4, TArg5 arg5, TArg6 arg6, TArg7 arg7, TArg8 arg8) where TArg1 : unmanaged where TArg2 : unmanaged where TArg3 : unmanaged where TArg4 : unmanaged where TArg5 : unmanaged where TArg6 : unmanaged where TArg7 : unmanaged where TArg8 : unmanaged =>
        CpuPrintf.Write(format, [CpuPrintf.Argument(arg1), CpuPrintf.Argument(arg2), CpuPrintf.Argument(arg3), CpuPrintf.Argument(arg4), CpuPrintf.Argument(arg5), CpuPrintf.Argument(arg6), CpuPrintf.Argument(arg7), CpuPrintf.Argument(arg8)]);
}
