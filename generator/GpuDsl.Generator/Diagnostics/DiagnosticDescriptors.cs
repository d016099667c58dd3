using Microsoft.CodeAnalysis;

namespace GpuDsl.Generator.Diagnostics;

/// <summary>
/// Every diagnostic GpuDsl reports. Ids are stable: never renumber, only add. Each message says what is wrong and what
/// is allowed instead; the README lists them with an example each. Errors are code GpuDsl cannot translate or launches
/// that cannot run; warnings (GPU0027, GPU0029, GPU0030) are code that translates but is very likely wrong on the GPU.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "GpuDsl";
    private const string HelpLink = "https://github.com/gpudsl/gpudsl#diagnostics";

    /// <summary>GPU0001: "[Kernel] method '{0}' must be static: a kernel has no instance to run on".</summary>
    public static readonly DiagnosticDescriptor MethodMustBeStatic = Error(
        "GPU0001", "GPU method must be static",
        "[{0}] method '{1}' must be static: GPU code has no object instance to run on");

    /// <summary>GPU0002: "[Kernel] method '{0}' must return void; it returns '{1}'".</summary>
    public static readonly DiagnosticDescriptor KernelMustReturnVoid = Error(
        "GPU0002", "Kernel must return void",
        "[Kernel] method '{0}' must return void, not '{1}': write results to a Span<T> parameter (a [Device] method may return a value)");

    /// <summary>GPU0003: "Type '{0}', which contains GPU method '{1}', must be partial".</summary>
    public static readonly DiagnosticDescriptor TypeMustBePartial = Error(
        "GPU0003", "Type containing GPU methods must be partial",
        "Type '{0}', which contains GPU method '{1}', must be declared partial so that GpuDsl can add its launcher");

    /// <summary>GPU0004: "Parameter '{0}' has type '{1}', which GPU code cannot take".</summary>
    public static readonly DiagnosticDescriptor UnsupportedParameterType = Error(
        "GPU0004", "Unsupported parameter type",
        "Parameter '{0}' has type '{1}', which a {2} cannot take; allowed: {3}");

    /// <summary>GPU0005: "'{0}' statements are not supported in GPU code".</summary>
    public static readonly DiagnosticDescriptor UnsupportedStatement = Error(
        "GPU0005", "Unsupported statement",
        "{0} is not supported in GPU code; allowed statements: blocks, local declarations, expressions, if/else, switch on integers and enums, for, while, do/while, break, continue, return and unchecked blocks");

    /// <summary>GPU0006: "Type '{0}' cannot be used in GPU code".</summary>
    public static readonly DiagnosticDescriptor UnsupportedType = Error(
        "GPU0006", "Unsupported type",
        "Type '{0}' cannot be used in GPU code; allowed: bool, byte, sbyte, short, ushort, int, uint, long, ulong, float, double, Half, enums and structs of those, and Span<T>/ReadOnlySpan<T> parameters of those");

    /// <summary>GPU0007: "'{0}' cannot be called from GPU code".</summary>
    public static readonly DiagnosticDescriptor UnsupportedCall = Error(
        "GPU0007", "Method cannot be called from GPU code",
        "'{0}' cannot be called from GPU code: {1}");

    /// <summary>GPU0008: "Exceptions are not supported in GPU code".</summary>
    public static readonly DiagnosticDescriptor ExceptionsNotSupported = Error(
        "GPU0008", "Exceptions are not supported",
        "'{0}' is not supported in GPU code: CUDA kernels have no exceptions; check conditions and write an error flag to a Span<int> instead");

    /// <summary>GPU0009: "Lambdas, anonymous methods, local functions and delegates are not supported in GPU code".</summary>
    public static readonly DiagnosticDescriptor DelegatesNotSupported = Error(
        "GPU0009", "Lambdas and delegates are not supported",
        "{0} is not supported in GPU code: move the logic into a static [Device] method and call it");

    /// <summary>GPU0010: "Allocation is not supported in GPU code".</summary>
    public static readonly DiagnosticDescriptor AllocationNotSupported = Error(
        "GPU0010", "Allocation is not supported",
        "'{0}' allocates, which GPU code cannot do: {1}");

    /// <summary>GPU0011: "Expression is not supported in GPU code".</summary>
    public static readonly DiagnosticDescriptor UnsupportedExpression = Error(
        "GPU0011", "Unsupported expression",
        "{0} is not supported in GPU code");

    /// <summary>GPU0012: "Member '{0}' cannot be used in GPU code".</summary>
    public static readonly DiagnosticDescriptor UnsupportedMember = Error(
        "GPU0012", "Unsupported member",
        "'{0}' cannot be used in GPU code: {1}");

    /// <summary>GPU0013: "GPU method '{0}' is generic in a way GpuDsl cannot translate: {1}".</summary>
    public static readonly DiagnosticDescriptor GenericNotSupported = Error(
        "GPU0013", "Unsupported generic GPU method",
        "GPU method '{0}' is generic in a way GpuDsl cannot translate: {1}");

    /// <summary>GPU0014: "Parameter '{0}' is passed by reference".</summary>
    public static readonly DiagnosticDescriptor UnsupportedParameterModifier = Error(
        "GPU0014", "Unsupported parameter modifier",
        "Parameter '{0}' is declared '{1}', which a {2} cannot take: pass values, or a Span<T> to write results");

    /// <summary>GPU0015: "Recursion is not supported in GPU code".</summary>
    public static readonly DiagnosticDescriptor RecursionNotSupported = Error(
        "GPU0015", "Recursion is not supported",
        "'{0}' calls itself{1}, which GPU code cannot do reliably (the per-thread stack is tiny): rewrite it as a loop");

    /// <summary>GPU0016: "Method modifier not supported".</summary>
    public static readonly DiagnosticDescriptor UnsupportedMethodModifier = Error(
        "GPU0016", "Unsupported method modifier",
        "GPU method '{0}' must not be '{1}'");

    /// <summary>GPU0017: "Generated member name conflicts with a member of the type".</summary>
    public static readonly DiagnosticDescriptor LauncherNameConflict = Error(
        "GPU0017", "Type already declares a member GpuDsl generates",
        "Type '{0}' already declares '{1}', which GpuDsl generates for launching kernels: rename that member");

    /// <summary>GPU0018: "GpuDsl could not translate this method (an internal error)".</summary>
    public static readonly DiagnosticDescriptor InternalError = Error(
        "GPU0018", "Internal translator error",
        "GpuDsl could not translate '{0}' because of an internal error ({1}); please report it with this code");

    /// <summary>GPU0019: "The length given to {0} must be a positive compile-time constant ...{1}", {1} what to write instead, if anything.</summary>
    public static readonly DiagnosticDescriptor LengthNotConstant = Error(
        "GPU0019", "Length must be a constant",
        "The length given to {0} must be a positive compile-time constant (a literal or a const), because CUDA sizes the array when it compiles the kernel{1}");

    /// <summary>GPU0020: "Span local '{0}' must be initialized from ...".</summary>
    public static readonly DiagnosticDescriptor UnsupportedSpanLocal = Error(
        "GPU0020", "Unsupported span local",
        "'{0}': a span local must be declared with Gpu.Shared<T>(N), Gpu.DynamicShared<T>(), stackalloc T[N], another span, or another span's Slice(start[, length])");

    /// <summary>GPU0021: "'{0}' is not an element of a span{1}: ..." ({1}: empty, or which [Device] method needs memory there).</summary>
    public static readonly DiagnosticDescriptor AtomicTargetNotMemory = Error(
        "GPU0021", "Atomic target must be a span element",
        "'{0}' is not an element of a span{1}: atomic operations work on device or shared memory, e.g. Gpu.AtomicAdd(ref counts[i], 1), a field of an element (ref bins[i].Count), a ref local bound to either (ref int n = ref counts[k];), a DeviceGlobal<T>'s Value, or a [Device] method's ref parameter given one of these");

    /// <summary>GPU0022: "Pattern '{0}' is not supported in GPU code: {1}".</summary>
    public static readonly DiagnosticDescriptor UnsupportedPattern = Error(
        "GPU0022", "Unsupported pattern",
        "Pattern '{0}' is not supported in GPU code: {1}");

    /// <summary>GPU0023: "This switch expression does not handle every value of '{0}'".</summary>
    public static readonly DiagnosticDescriptor SwitchExpressionNotExhaustive = Error(
        "GPU0023", "Switch expression must handle every value",
        "This switch expression does not handle every value of '{0}': C# would throw for the others, which GPU code cannot; end it with a '_ =>' arm");

    /// <summary>GPU0024: "Struct '{0}' cannot be used in GPU code: {1}".</summary>
    public static readonly DiagnosticDescriptor UnsupportedStruct = Error(
        "GPU0024", "Unsupported struct",
        "Struct '{0}' cannot be used in GPU code: {1}; a GPU struct holds fields of scalar, Half, enum or other such struct types, in plain sequential layout");

    /// <summary>GPU0025: "Kernel '{0}' cannot be instantiated for '{1}': {2}".</summary>
    public static readonly DiagnosticDescriptor InvalidKernelTypeArgument = Error(
        "GPU0025", "Invalid kernel type argument",
        "Kernel '{0}' cannot be instantiated for '{1}': {2}");

    /// <summary>GPU0026: "Kernel '{0}' declares {1} bytes of static shared memory, more than the 48 KiB a block can have".</summary>
    public static readonly DiagnosticDescriptor StaticSharedMemoryTooLarge = Error(
        "GPU0026", "Static shared memory over 48 KiB",
        "Kernel '{0}' declares {1} bytes of static shared memory (Gpu.Shared, including the [Device] methods it calls), more than the 49,152 bytes (48 KiB) CUDA allows a block statically; use Gpu.DynamicShared<T>() sized by the launch's sharedMemoryBytes, which may go up to the device's opt-in limit");

    /// <summary>GPU0027: "{0} {1}, which depends on the thread index through '{2}'", {0} the barrier or the call that reaches one, {1} where it is.</summary>
    public static readonly DiagnosticDescriptor BarrierUnderThreadCondition = Warning(
        "GPU0027", "Barrier under a thread-dependent condition",
        "{0} {1}, which depends on the thread index through '{2}': every thread of a block must reach each Gpu.SyncThreads(), or the kernel may hang or compute wrong results; move the barrier where every thread of the block arrives");

    /// <summary>GPU0028: "The {0} '{1}' is beyond what any CUDA device can launch: {2}", {0} grid or block.</summary>
    public static readonly DiagnosticDescriptor LaunchBeyondCudaLimits = Error(
        "GPU0028", "Launch configuration beyond CUDA's limits",
        "The {0} '{1}' is beyond what any CUDA device can launch: {2}; the launch would always throw InvalidLaunchException");

    /// <summary>GPU0029: "{0} {1}, which differs between the lanes of a warp through '{2}'", {0} the collective or the call that reaches one.</summary>
    public static readonly DiagnosticDescriptor WarpCollectiveUnderLaneCondition = Warning(
        "GPU0029", "Warp shuffle or vote under a lane-dependent condition",
        "{0} {1}, which differs between the lanes of a warp through '{2}': the full-warp _sync form needs every lane of the warp to make the call, or its result is undefined and the warp may hang; call it on every lane and apply the condition to its result");

    /// <summary>GPU0030: "'{0}' indexes '{1}' with the global thread index '{2}', which nothing on this path compares with a bound".</summary>
    public static readonly DiagnosticDescriptor GlobalIndexWithoutBoundsCheck = Warning(
        "GPU0030", "Span indexed by the global thread index without a bounds check",
        "'{0}' indexes '{1}' with the global thread index '{2}', which nothing on this path compares with a bound: a grid rounded up to whole blocks has threads past the end; guard the access with 'if ({2} < {1}.Length)', an early return, or a loop condition");

    /// <summary>GPU0031: "'{0}': a 2D span local must be declared with Gpu.Shared2D&lt;T&gt;(rows, columns) or from a 2D span parameter or local".</summary>
    public static readonly DiagnosticDescriptor UnsupportedSpan2DLocal = Error(
        "GPU0031", "Unsupported 2D span local",
        "'{0}': a 2D span local must be declared with Gpu.Shared2D<T>(rows, columns) or from a 2D span parameter or local, and is not assigned again");

    /// <summary>GPU0032: "{0}: in GPU code a 2D span can only be indexed, have its shape read, give a row or be passed whole".</summary>
    public static readonly DiagnosticDescriptor UnsupportedSpan2DUse = Error(
        "GPU0032", "Unsupported use of a 2D span",
        "{0}: in GPU code a 2D span can only be indexed as m[row, column], have its Rows, Columns and Pitch read, give a span local a row with m.GetRow(row), or be passed whole to a [Device] method");

    /// <summary>GPU0033: "'{0}' cannot be a constant table in GPU code: {1}", {1} what is wrong with its body or an element.</summary>
    public static readonly DiagnosticDescriptor UnsupportedConstantTable = Error(
        "GPU0033", "Unsupported constant table",
        "'{0}' cannot be a constant table in GPU code: {1}; a table is 'static ReadOnlySpan<T> Name => new T[] {{ c0, c1, ... }};' (or 'new[] {{ ... }}', or '[c0, c1, ...]') with at least one element, every element a compile-time constant");

    /// <summary>GPU0034: "The kernels of '{0}' read {1} bytes of constant tables ({2}), more than the 64 KiB of constant memory a CUDA module can have".</summary>
    public static readonly DiagnosticDescriptor ConstantMemoryTooLarge = Error(
        "GPU0034", "Constant tables over 64 KiB",
        "The kernels of '{0}' read {1} bytes of constant tables ({2}), more than the 65,536 bytes (64 KiB) of constant memory CUDA allows a module; pass the larger tables as ReadOnlySpan<T> parameters from a DeviceBuffer<T>, or move kernels that do not share them into another class");

    /// <summary>GPU0035: "Constant table '{0}' has elements of type '{1}', which constant memory cannot hold".</summary>
    public static readonly DiagnosticDescriptor UnsupportedConstantTableType = Error(
        "GPU0035", "Unsupported constant table element type",
        "Constant table '{0}' has elements of type '{1}', which a constant table cannot hold: its elements must be compile-time constants of bool, byte, sbyte, short, ushort, int, uint, long, ulong, float, double or an enum; pass other data as a ReadOnlySpan<T> parameter");

    /// <summary>GPU0036: "Type '{0}', which contains kernel '{1}', is file-local".</summary>
    public static readonly DiagnosticDescriptor FileLocalKernelType = Error(
        "GPU0036", "Type containing kernels is file-local",
        "Type '{0}', which contains kernel '{1}', is declared 'file': GpuDsl adds its launcher in a generated file, where a file-local type is a different type; remove 'file' (make the type internal to keep it out of other assemblies)");

    /// <summary>GPU0037: "{0} {1}, which differs between threads or blocks through '{2}'", {0} the grid barrier or the call that reaches one.</summary>
    public static readonly DiagnosticDescriptor GridBarrierUnderCondition = Warning(
        "GPU0037", "Grid barrier under a thread- or block-dependent condition",
        "{0} {1}, which differs between the threads or blocks of the grid through '{2}': every thread of the grid must reach each Gpu.SyncGrid(), or the kernel hangs; move the grid barrier where every thread of the grid arrives");

    /// <summary>GPU0038: "'{0}' cannot be used in GPU code: {1}", a DeviceGlobal&lt;T&gt; or ConstantArray&lt;T&gt; field.</summary>
    public static readonly DiagnosticDescriptor UnsupportedDeviceGlobal = Error(
        "GPU0038", "Unsupported device global or constant array",
        "'{0}' cannot be used in GPU code: {1}; declare 'static readonly DeviceGlobal<T> Name = new();' or 'static readonly ConstantArray<T> Name = new(length);' (length a constant) in the class whose kernels use it");

    /// <summary>GPU0039: "Gpu.Printf: {0}", {0} what is wrong with the format or an argument.</summary>
    public static readonly DiagnosticDescriptor PrintfFormatMismatch = Error(
        "GPU0039", "Gpu.Printf format does not match its arguments",
        "Gpu.Printf: {0}; its format is a string literal or const with CUDA printf's conversions, one per argument: %d %i %u %x %X %o %c for integers up to 32 bits (%lld %llu %llx... for long and ulong), %f %e %g (or %F %E %G) for float, double and Half, each with optional flags (-+ #0), width and precision, and %% for a percent sign");

    private static DiagnosticDescriptor Warning(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: $"{HelpLink}-{id.ToLowerInvariant()}");

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: $"{HelpLink}-{id.ToLowerInvariant()}");
}
