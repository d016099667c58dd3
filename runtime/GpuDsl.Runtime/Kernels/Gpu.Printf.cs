using GpuDsl.Cpu;

namespace GpuDsl;

public static partial class Gpu
{
    /// <summary>
    /// Prints from GPU code with CUDA's <c>printf</c>: <paramref name="format"/> is a string literal or const with C's
    /// conversions (<c>%d %i %u %x %X %o %c</c> for <see cref="int"/>-sized integers, with <c>ll</c> for <see cref="long"/>
    /// and <see cref="ulong"/>; <c>%f %F %e %E %g %G</c> for <see cref="float"/>, <see cref="double"/> and
    /// <see cref="System.Half"/>; flags, width and precision; <c>%%</c>), which the generator checks against the
    /// arguments (GPU0037). On the GPU the text appears when the launch is synchronized, in no set order between
    /// threads; the CPU backend writes the same text to <see cref="System.Console.Out"/> as each thread prints.
    /// </summary>
    /// <param name="format">The text, with one conversion per argument.</param>
    [CudaIntrinsic("printf")]
    public static void Printf(string format) => CpuPrintf.Write(format, []);

    /// <inheritdoc cref="Printf(string)"/>
    /// <typeparam name="T1">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <param name="format">The text, with one conversion per argument.</param>
    /// <param name="arg1">The value of the format's conversion number 1.</param>
    [CudaIntrinsic("printf")]
    public static void Printf<T1>(string format, T1 arg1) where T1 : unmanaged =>
        CpuPrintf.Write(format, [CpuPrintf.Argument(arg1)]);

    /// <inheritdoc cref="Printf(string)"/>
    /// <typeparam name="T1">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <typeparam name="T2">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <param name="format">The text, with one conversion per argument.</param>
    /// <param name="arg1">The value of the format's conversion number 1.</param>
    /// <param name="arg2">The value of the format's conversion number 2.</param>
    [CudaIntrinsic("printf")]
    public static void Printf<T1, T2>(string format, T1 arg1, T2 arg2) where T1 : unmanaged where T2 : unmanaged =>
        CpuPrintf.Write(format, [CpuPrintf.Argument(arg1), CpuPrintf.Argument(arg2)]);

    /// <inheritdoc cref="Printf(string)"/>
    /// <typeparam name="T1">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <typeparam name="T2">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <typeparam name="T3">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <param name="format">The text, with one conversion per argument.</param>
    /// <param name="arg1">The value of the format's conversion number 1.</param>
    /// <param name="arg2">The value of the format's conversion number 2.</param>
    /// <param name="arg3">The value of the format's conversion number 3.</param>
    [CudaIntrinsic("printf")]
    public static void Printf<T1, T2, T3>(string format, T1 arg1, T2 arg2, T3 arg3) where T1 : unmanaged where T2 : unmanaged where T3 : unmanaged =>
        CpuPrintf.Write(format, [CpuPrintf.Argument(arg1), CpuPrintf.Argument(arg2), CpuPrintf.Argument(arg3)]);

    /// <inheritdoc cref="Printf(string)"/>
    /// <typeparam name="T1">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <typeparam name="T2">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <typeparam name="T3">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <typeparam name="T4">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <param name="format">The text, with one conversion per argument.</param>
    /// <param name="arg1">The value of the format's conversion number 1.</param>
    /// <param name="arg2">The value of the format's conversion number 2.</param>
    /// <param name="arg3">The value of the format's conversion number 3.</param>
    /// <param name="arg4">The value of the format's conversion number 4.</param>
    [CudaIntrinsic("printf")]
    public static void Printf<T1, T2, T3, T4>(string format, T1 arg1, T2 arg2, T3 arg3, T4 arg4) where T1 : unmanaged where T2 : unmanaged where T3 : unmanaged where T4 : unmanaged =>
        CpuPrintf.Write(format, [CpuPrintf.Argument(arg1), CpuPrintf.Argument(arg2), CpuPrintf.Argument(arg3), CpuPrintf.Argument(arg4)]);

    /// <inheritdoc cref="Printf(string)"/>
    /// <typeparam name="T1">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <typeparam name="T2">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <typeparam name="T3">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <typeparam name="T4">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <typeparam name="T5">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <param name="format">The text, with one conversion per argument.</param>
    /// <param name="arg1">The value of the format's conversion number 1.</param>
    /// <param name="arg2">The value of the format's conversion number 2.</param>
    /// <param name="arg3">The value of the format's conversion number 3.</param>
    /// <param name="arg4">The value of the format's conversion number 4.</param>
    /// <param name="arg5">The value of the format's conversion number 5.</param>
    [CudaIntrinsic("printf")]
    public static void Printf<T1, T2, T3, T4, T5>(string format, T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5) where T1 : unmanaged where T2 : unmanaged where T3 : unmanaged where T4 : unmanaged where T5 : unmanaged =>
        CpuPrintf.Write(format, [CpuPrintf.Argument(arg1), CpuPrintf.Argument(arg2), CpuPrintf.Argument(arg3), CpuPrintf.Argument(arg4), CpuPrintf.Argument(arg5)]);

    /// <inheritdoc cref="Printf(string)"/>
    /// <typeparam name="T1">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <typeparam name="T2">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <typeparam name="T3">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <typeparam name="T4">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <typeparam name="T5">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <typeparam name="T6">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <param name="format">The text, with one conversion per argument.</param>
    /// <param name="arg1">The value of the format's conversion number 1.</param>
    /// <param name="arg2">The value of the format's conversion number 2.</param>
    /// <param name="arg3">The value of the format's conversion number 3.</param>
    /// <param name="arg4">The value of the format's conversion number 4.</param>
    /// <param name="arg5">The value of the format's conversion number 5.</param>
    /// <param name="arg6">The value of the format's conversion number 6.</param>
    [CudaIntrinsic("printf")]
    public static void Printf<T1, T2, T3, T4, T5, T6>(string format, T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5, T6 arg6) where T1 : unmanaged where T2 : unmanaged where T3 : unmanaged where T4 : unmanaged where T5 : unmanaged where T6 : unmanaged =>
        CpuPrintf.Write(format, [CpuPrintf.Argument(arg1), CpuPrintf.Argument(arg2), CpuPrintf.Argument(arg3), CpuPrintf.Argument(arg4), CpuPrintf.Argument(arg5), CpuPrintf.Argument(arg6)]);

    /// <inheritdoc cref="Printf(string)"/>
    /// <typeparam name="T1">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <typeparam name="T2">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <typeparam name="T3">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <typeparam name="T4">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <typeparam name="T5">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <typeparam name="T6">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <typeparam name="T7">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <param name="format">The text, with one conversion per argument.</param>
    /// <param name="arg1">The value of the format's conversion number 1.</param>
    /// <param name="arg2">The value of the format's conversion number 2.</param>
    /// <param name="arg3">The value of the format's conversion number 3.</param>
    /// <param name="arg4">The value of the format's conversion number 4.</param>
    /// <param name="arg5">The value of the format's conversion number 5.</param>
    /// <param name="arg6">The value of the format's conversion number 6.</param>
    /// <param name="arg7">The value of the format's conversion number 7.</param>
    [CudaIntrinsic("printf")]
    public static void Printf<T1, T2, T3, T4, T5, T6, T7>(string format, T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5, T6 arg6, T7 arg7) where T1 : unmanaged where T2 : unmanaged where T3 : unmanaged where T4 : unmanaged where T5 : unmanaged where T6 : unmanaged where T7 : unmanaged =>
        CpuPrintf.Write(format, [CpuPrintf.Argument(arg1), CpuPrintf.Argument(arg2), CpuPrintf.Argument(arg3), CpuPrintf.Argument(arg4), CpuPrintf.Argument(arg5), CpuPrintf.Argument(arg6), CpuPrintf.Argument(arg7)]);

    /// <inheritdoc cref="Printf(string)"/>
    /// <typeparam name="T1">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <typeparam name="T2">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <typeparam name="T3">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <typeparam name="T4">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <typeparam name="T5">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <typeparam name="T6">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <typeparam name="T7">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
    /// <typeparam name="T8">An integer, floating-point, <see cref="bool"/> or enum type.</typeparam>
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
    public static void Printf<T1, T2, T3, T4, T5, T6, T7, T8>(string format, T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5, T6 arg6, T7 arg7, T8 arg8) where T1 : unmanaged where T2 : unmanaged where T3 : unmanaged where T4 : unmanaged where T5 : unmanaged where T6 : unmanaged where T7 : unmanaged where T8 : unmanaged =>
        CpuPrintf.Write(format, [CpuPrintf.Argument(arg1), CpuPrintf.Argument(arg2), CpuPrintf.Argument(arg3), CpuPrintf.Argument(arg4), CpuPrintf.Argument(arg5), CpuPrintf.Argument(arg6), CpuPrintf.Argument(arg7), CpuPrintf.Argument(arg8)]);
}
