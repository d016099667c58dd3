using Microsoft.CodeAnalysis;

namespace GpuDsl.Generator.Diagnostics;

/// <summary>
/// Every diagnostic GpuDsl reports. Ids are stable: never renumber, only add (and list the new id in
/// <c>AnalyzerReleases.Unshipped.md</c>). Each message says what is wrong and what is allowed instead; each doc comment
/// quotes its message exactly (a test holds them to it) and says what its placeholders stand for; the README lists them
/// with an example each. Errors are code GpuDsl cannot translate or launches that cannot run; warnings (GPU0027,
/// GPU0029, GPU0030, GPU0037) are code that translates but is very likely wrong on the GPU. The generator reports the
/// translation's; the analyzers in <c>Analyzers/</c> report GPU0027-GPU0030 and GPU0037.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "GpuDsl";
    private const string HelpLink = "https://github.com/gpudsl/gpudsl#diagnostics";

    /// <summary>GPU0001, an error: "[{0}] method '{1}' must be static: GPU code has no object instance to run on"; {0} the attribute (Kernel or Device), {1} the method.</summary>
    public static readonly DiagnosticDescriptor MethodMustBeStatic = Error(
        "GPU0001", "GPU method must be static",
        "[{0}] method '{1}' must be static: GPU code has no object instance to run on");

    /// <summary>GPU0002, an error: "[Kernel] method '{0}' must return void, not '{1}': write results to a Span&lt;T&gt; parameter (a [Device] method may return a value)"; {0} the kernel, {1} the type it returns.</summary>
    public static readonly DiagnosticDescriptor KernelMustReturnVoid = Error(
        "GPU0002", "Kernel must return void",
        "[Kernel] method '{0}' must return void, not '{1}': write results to a Span<T> parameter (a [Device] method may return a value)");

    /// <summary>GPU0003, an error: "Type '{0}', which contains GPU method '{1}', must be declared partial so that GpuDsl can add its launcher"; {0} the type (the kernel's or one around it), {1} the kernel.</summary>
    public static readonly DiagnosticDescriptor TypeMustBePartial = Error(
        "GPU0003", "Type containing a GPU method must be partial",
        "Type '{0}', which contains GPU method '{1}', must be declared partial so that GpuDsl can add its launcher");

    /// <summary>GPU0004, an error: "Parameter '{0}' has type '{1}', which a {2} cannot take; allowed: {3}"; {0} the parameter, {1} its type, {2} 'kernel' or 'device function', {3} the types allowed.</summary>
    public static readonly DiagnosticDescriptor UnsupportedParameterType = Error(
        "GPU0004", "Unsupported parameter type",
        "Parameter '{0}' has type '{1}', which a {2} cannot take; allowed: {3}");

    /// <summary>GPU0005, an error: "{0} is not supported in GPU code; allowed statements: blocks, local declarations, expressions, if/else, switch on integers and enums, for, while, do/while, break, continue, return and unchecked blocks"; {0} the statement, described (e.g. "A 'goto' statement").</summary>
    public static readonly DiagnosticDescriptor UnsupportedStatement = Error(
        "GPU0005", "Unsupported statement",
        "{0} is not supported in GPU code; allowed statements: blocks, local declarations, expressions, if/else, switch on integers and enums, for, while, do/while, break, continue, return and unchecked blocks");

    /// <summary>GPU0006, an error: "Type '{0}' cannot be used in GPU code; allowed: bool, byte, sbyte, short, ushort, int, uint, long, ulong, float, double, Half, enums and structs of those, and Span&lt;T&gt;/ReadOnlySpan&lt;T&gt; parameters of those"; {0} the type.</summary>
    public static readonly DiagnosticDescriptor UnsupportedType = Error(
        "GPU0006", "Unsupported type",
        "Type '{0}' cannot be used in GPU code; allowed: bool, byte, sbyte, short, ushort, int, uint, long, ulong, float, double, Half, enums and structs of those, and Span<T>/ReadOnlySpan<T> parameters of those");

    /// <summary>GPU0007, an error: "'{0}' cannot be called from GPU code: {1}"; {0} the method, {1} why, and what to call instead.</summary>
    public static readonly DiagnosticDescriptor UnsupportedCall = Error(
        "GPU0007", "Method cannot be called from GPU code",
        "'{0}' cannot be called from GPU code: {1}");

    /// <summary>GPU0008, an error: "'{0}' is not supported in GPU code: CUDA kernels have no exceptions; check conditions and write an error flag to a Span&lt;int&gt; instead"; {0} the keyword (try, throw, ...).</summary>
    public static readonly DiagnosticDescriptor ExceptionsNotSupported = Error(
        "GPU0008", "Exceptions are not supported in GPU code",
        "'{0}' is not supported in GPU code: CUDA kernels have no exceptions; check conditions and write an error flag to a Span<int> instead");

    /// <summary>GPU0009, an error: "{0} is not supported in GPU code: move the logic into a static [Device] method and call it"; {0} what it is ("A lambda", "A local function", "An anonymous method").</summary>
    public static readonly DiagnosticDescriptor DelegatesNotSupported = Error(
        "GPU0009", "Lambdas, anonymous methods and local functions are not supported in GPU code",
        "{0} is not supported in GPU code: move the logic into a static [Device] method and call it");

    /// <summary>GPU0010, an error: "'{0}' allocates, which GPU code cannot do: {1}"; {0} the allocation or the array local, {1} what to write instead.</summary>
    public static readonly DiagnosticDescriptor AllocationNotSupported = Error(
        "GPU0010", "Allocation is not supported in GPU code",
        "'{0}' allocates, which GPU code cannot do: {1}");

    /// <summary>GPU0011, an error: "{0} is not supported in GPU code"; {0} the expression, described.</summary>
    public static readonly DiagnosticDescriptor UnsupportedExpression = Error(
        "GPU0011", "Unsupported expression",
        "{0} is not supported in GPU code");

    /// <summary>GPU0012, an error: "'{0}' cannot be used in GPU code: {1}"; {0} the member, {1} why, and what to write instead.</summary>
    public static readonly DiagnosticDescriptor UnsupportedMember = Error(
        "GPU0012", "Unsupported member",
        "'{0}' cannot be used in GPU code: {1}");

    /// <summary>GPU0013, an error: "GPU method '{0}' is generic in a way GpuDsl cannot translate: {1}"; {0} the method, {1} what GpuDsl cannot translate.</summary>
    public static readonly DiagnosticDescriptor GenericNotSupported = Error(
        "GPU0013", "Unsupported generic GPU method",
        "GPU method '{0}' is generic in a way GpuDsl cannot translate: {1}");

    /// <summary>GPU0014, an error: "Parameter '{0}' is declared '{1}', which a {2} cannot take: pass values, or a Span&lt;T&gt; to write results"; {0} the parameter, {1} its modifier (ref, out, in, params, ...), {2} 'kernel' or 'device function'.</summary>
    public static readonly DiagnosticDescriptor UnsupportedParameterModifier = Error(
        "GPU0014", "Unsupported parameter modifier",
        "Parameter '{0}' is declared '{1}', which a {2} cannot take: pass values, or a Span<T> to write results");

    /// <summary>GPU0015, an error: "'{0}' calls itself{1}, which GPU code cannot do reliably (the per-thread stack is tiny): rewrite it as a loop"; {0} the method, {1} empty or ' through other [Device] methods'.</summary>
    public static readonly DiagnosticDescriptor RecursionNotSupported = Error(
        "GPU0015", "Recursion is not supported",
        "'{0}' calls itself{1}, which GPU code cannot do reliably (the per-thread stack is tiny): rewrite it as a loop");

    /// <summary>GPU0016, an error: "GPU method '{0}' must not be '{1}'"; {0} the method, {1} the modifier (async, extern, abstract or unsafe).</summary>
    public static readonly DiagnosticDescriptor UnsupportedMethodModifier = Error(
        "GPU0016", "Unsupported method modifier",
        "GPU method '{0}' must not be '{1}'");

    /// <summary>GPU0017, an error: "Type '{0}' already declares '{1}', which GpuDsl generates for launching kernels: rename that member"; {0} the type, {1} the member name GpuDsl generates.</summary>
    public static readonly DiagnosticDescriptor LauncherNameConflict = Error(
        "GPU0017", "Type already declares a member GpuDsl generates",
        "Type '{0}' already declares '{1}', which GpuDsl generates for launching kernels: rename that member");

    /// <summary>GPU0018, an error: "GpuDsl could not translate '{0}' because of an internal error ({1}); please report it with this code"; {0} the method, {1} the exception's type and message.</summary>
    public static readonly DiagnosticDescriptor InternalError = Error(
        "GPU0018", "Internal translator error",
        "GpuDsl could not translate '{0}' because of an internal error ({1}); please report it with this code");

    /// <summary>GPU0019, an error: "The length given to {0} must be a positive compile-time constant (a literal or a const), because CUDA sizes the array when it compiles the kernel{1}"; {0} what takes the length (Gpu.Shared, stackalloc, an array local), {1} empty or what to write instead.</summary>
    public static readonly DiagnosticDescriptor LengthNotConstant = Error(
        "GPU0019", "Length must be a positive compile-time constant",
        "The length given to {0} must be a positive compile-time constant (a literal or a const), because CUDA sizes the array when it compiles the kernel{1}");

    /// <summary>GPU0020, an error: "'{0}': a span local must be declared with Gpu.Shared&lt;T&gt;(N), Gpu.DynamicShared&lt;T&gt;(), stackalloc T[N], another span, or another span's Slice(start[, length])"; {0} the span local.</summary>
    public static readonly DiagnosticDescriptor UnsupportedSpanLocal = Error(
        "GPU0020", "Unsupported span local",
        "'{0}': a span local must be declared with Gpu.Shared<T>(N), Gpu.DynamicShared<T>(), stackalloc T[N], another span, or another span's Slice(start[, length])");

    /// <summary>GPU0021, an error: "'{0}' is not an element of a span{1}: atomic operations work on device or shared memory, e.g. Gpu.AtomicAdd(ref counts[i], 1), a field of an element (ref bins[i].Count), a ref local bound to either (ref int n = ref counts[k];), a DeviceGlobal&lt;T&gt;'s Value, or a [Device] method's ref parameter given one of these"; {0} the target, {1} empty, or which [Device] method updates its ref parameter atomically.</summary>
    public static readonly DiagnosticDescriptor AtomicTargetNotMemory = Error(
        "GPU0021", "Atomic target must be a span element",
        "'{0}' is not an element of a span{1}: atomic operations work on device or shared memory, e.g. Gpu.AtomicAdd(ref counts[i], 1), a field of an element (ref bins[i].Count), a ref local bound to either (ref int n = ref counts[k];), a DeviceGlobal<T>'s Value, or a [Device] method's ref parameter given one of these");

    /// <summary>GPU0022, an error: "Pattern '{0}' is not supported in GPU code: {1}"; {0} the pattern, {1} why, and the patterns allowed.</summary>
    public static readonly DiagnosticDescriptor UnsupportedPattern = Error(
        "GPU0022", "Unsupported pattern",
        "Pattern '{0}' is not supported in GPU code: {1}");

    /// <summary>GPU0023, an error: "This switch expression does not handle every value of '{0}': C# would throw for the others, which GPU code cannot; end it with a '_ =&gt;' arm"; {0} the type switched on.</summary>
    public static readonly DiagnosticDescriptor SwitchExpressionNotExhaustive = Error(
        "GPU0023", "Switch expression must handle every value",
        "This switch expression does not handle every value of '{0}': C# would throw for the others, which GPU code cannot; end it with a '_ =>' arm");

    /// <summary>GPU0024, an error: "Struct '{0}' cannot be used in GPU code: {1}; a GPU struct holds fields of scalar, Half, enum or other such struct types, in plain sequential layout"; {0} the struct, {1} what is wrong with it.</summary>
    public static readonly DiagnosticDescriptor UnsupportedStruct = Error(
        "GPU0024", "Unsupported struct",
        "Struct '{0}' cannot be used in GPU code: {1}; a GPU struct holds fields of scalar, Half, enum or other such struct types, in plain sequential layout");

    /// <summary>GPU0025, an error: "Kernel '{0}' cannot be instantiated for '{1}': {2}"; {0} the kernel, {1} the type argument, {2} why it does not fit.</summary>
    public static readonly DiagnosticDescriptor InvalidKernelTypeArgument = Error(
        "GPU0025", "Invalid kernel type argument",
        "Kernel '{0}' cannot be instantiated for '{1}': {2}");

    /// <summary>GPU0026, an error: "Kernel '{0}' declares {1} bytes of static shared memory (Gpu.Shared, including the [Device] methods it calls), more than the 49,152 bytes (48 KiB) CUDA allows a block statically; use Gpu.DynamicShared&lt;T&gt;() sized by the launch's sharedMemoryBytes, which may go up to the device's opt-in limit"; {0} the kernel, {1} its bytes of static shared memory.</summary>
    public static readonly DiagnosticDescriptor StaticSharedMemoryTooLarge = Error(
        "GPU0026", "Static shared memory over 48 KiB",
        "Kernel '{0}' declares {1} bytes of static shared memory (Gpu.Shared, including the [Device] methods it calls), more than the 49,152 bytes (48 KiB) CUDA allows a block statically; use Gpu.DynamicShared<T>() sized by the launch's sharedMemoryBytes, which may go up to the device's opt-in limit");

    /// <summary>GPU0027, a warning: "{0} {1}, which depends on the thread index through '{2}': every thread of a block must reach each Gpu.SyncThreads(), or the kernel may hang or compute wrong results; move the barrier where every thread of the block arrives"; {0} the barrier, or "The call '...' reaches Gpu.SyncThreads() and", {1} where it is ("is under the condition '...' (line n)"), {2} the variable the condition depends on the thread through.</summary>
    public static readonly DiagnosticDescriptor BarrierUnderThreadCondition = Warning(
        "GPU0027", "Block barrier under a thread-dependent condition",
        "{0} {1}, which depends on the thread index through '{2}': every thread of a block must reach each Gpu.SyncThreads(), or the kernel may hang or compute wrong results; move the barrier where every thread of the block arrives");

    /// <summary>GPU0028, an error: "The {0} '{1}' is beyond what any CUDA device can launch: {2}; the launch would always throw InvalidLaunchException"; {0} grid or block, {1} the argument, {2} which limit it breaks.</summary>
    public static readonly DiagnosticDescriptor LaunchBeyondCudaLimits = Error(
        "GPU0028", "Launch configuration beyond CUDA's limits",
        "The {0} '{1}' is beyond what any CUDA device can launch: {2}; the launch would always throw InvalidLaunchException");

    /// <summary>GPU0029, a warning: "{0} {1}, which differs between the lanes of a warp through '{2}': the full-warp _sync form needs every lane of the warp to make the call, or its result is undefined and the warp may hang; call it on every lane and apply the condition to its result"; {0} the collective, or "The call '...' reaches a warp shuffle or vote and", {1} where it is, {2} the variable the condition differs between lanes through.</summary>
    public static readonly DiagnosticDescriptor WarpCollectiveUnderLaneCondition = Warning(
        "GPU0029", "Warp shuffle or vote under a lane-dependent condition",
        "{0} {1}, which differs between the lanes of a warp through '{2}': the full-warp _sync form needs every lane of the warp to make the call, or its result is undefined and the warp may hang; call it on every lane and apply the condition to its result");

    /// <summary>GPU0030, a warning: "'{0}' indexes '{1}' with the global thread index '{2}', which nothing on this path compares with a bound: a grid rounded up to whole blocks has threads past the end; guard the access with 'if ({2} &lt; {1}.Length)', an early return, or a loop condition"; {0} the access, {1} the span parameter, {2} the global index.</summary>
    public static readonly DiagnosticDescriptor GlobalIndexWithoutBoundsCheck = Warning(
        "GPU0030", "Span indexed by the global thread index without a bounds check",
        "'{0}' indexes '{1}' with the global thread index '{2}', which nothing on this path compares with a bound: a grid rounded up to whole blocks has threads past the end; guard the access with 'if ({2} < {1}.Length)', an early return, or a loop condition");

    /// <summary>GPU0031, an error: "'{0}': a 2D span local must be declared with Gpu.Shared2D&lt;T&gt;(rows, columns) or from a 2D span parameter or local, and is not assigned again"; {0} the 2D span local.</summary>
    public static readonly DiagnosticDescriptor UnsupportedSpan2DLocal = Error(
        "GPU0031", "Unsupported 2D span local",
        "'{0}': a 2D span local must be declared with Gpu.Shared2D<T>(rows, columns) or from a 2D span parameter or local, and is not assigned again");

    /// <summary>GPU0032, an error: "{0}: in GPU code a 2D span can only be indexed as m[row, column], have its Rows, Columns and Pitch read, give a span local a row with m.GetRow(row), or be passed whole to a [Device] method"; {0} the use and what to write instead.</summary>
    public static readonly DiagnosticDescriptor UnsupportedSpan2DUse = Error(
        "GPU0032", "Unsupported use of a 2D span",
        "{0}: in GPU code a 2D span can only be indexed as m[row, column], have its Rows, Columns and Pitch read, give a span local a row with m.GetRow(row), or be passed whole to a [Device] method");

    /// <summary>GPU0033, an error: "'{0}' cannot be a constant table in GPU code: {1}; a table is 'static ReadOnlySpan&lt;T&gt; Name =&gt; new T[] {{ c0, c1, ... }};' (or 'new[] {{ ... }}', or '[c0, c1, ...]') with at least one element, every element a compile-time constant"; {0} the table, {1} what is wrong with its body or an element.</summary>
    public static readonly DiagnosticDescriptor UnsupportedConstantTable = Error(
        "GPU0033", "Unsupported constant table",
        "'{0}' cannot be a constant table in GPU code: {1}; a table is 'static ReadOnlySpan<T> Name => new T[] {{ c0, c1, ... }};' (or 'new[] {{ ... }}', or '[c0, c1, ...]') with at least one element, every element a compile-time constant");

    /// <summary>GPU0034, an error: "The kernels of '{0}' read {1} bytes of constant tables ({2}), more than the 65,536 bytes (64 KiB) of constant memory CUDA allows a module; pass the larger tables as ReadOnlySpan&lt;T&gt; parameters from a DeviceBuffer&lt;T&gt;, or move kernels that do not share them into another class"; {0} the class, {1} the bytes, {2} the tables and their sizes.</summary>
    public static readonly DiagnosticDescriptor ConstantMemoryTooLarge = Error(
        "GPU0034", "Constant tables over 64 KiB",
        "The kernels of '{0}' read {1} bytes of constant tables ({2}), more than the 65,536 bytes (64 KiB) of constant memory CUDA allows a module; pass the larger tables as ReadOnlySpan<T> parameters from a DeviceBuffer<T>, or move kernels that do not share them into another class");

    /// <summary>GPU0035, an error: "Constant table '{0}' has elements of type '{1}', which a constant table cannot hold: its elements must be compile-time constants of bool, byte, sbyte, short, ushort, int, uint, long, ulong, float, double or an enum; pass other data as a ReadOnlySpan&lt;T&gt; parameter"; {0} the table, {1} its element type.</summary>
    public static readonly DiagnosticDescriptor UnsupportedConstantTableType = Error(
        "GPU0035", "Unsupported constant table element type",
        "Constant table '{0}' has elements of type '{1}', which a constant table cannot hold: its elements must be compile-time constants of bool, byte, sbyte, short, ushort, int, uint, long, ulong, float, double or an enum; pass other data as a ReadOnlySpan<T> parameter");

    /// <summary>GPU0036, an error: "Type '{0}', which contains kernel '{1}', is declared 'file': GpuDsl adds its launcher in a generated file, where a file-local type is a different type; remove 'file' (make the type internal to keep it out of other assemblies)"; {0} the type, {1} the kernel.</summary>
    public static readonly DiagnosticDescriptor FileLocalKernelType = Error(
        "GPU0036", "Type containing kernels is file-local",
        "Type '{0}', which contains kernel '{1}', is declared 'file': GpuDsl adds its launcher in a generated file, where a file-local type is a different type; remove 'file' (make the type internal to keep it out of other assemblies)");

    /// <summary>GPU0037, a warning: "{0} {1}, which differs between the threads or blocks of the grid through '{2}': every thread of the grid must reach each Gpu.SyncGrid(), or the kernel hangs; move the grid barrier where every thread of the grid arrives"; {0} the grid barrier, or "The call '...' reaches Gpu.SyncGrid() and", {1} where it is, {2} the variable the condition depends on the thread or block index through.</summary>
    public static readonly DiagnosticDescriptor GridBarrierUnderCondition = Warning(
        "GPU0037", "Grid barrier under a thread- or block-dependent condition",
        "{0} {1}, which differs between the threads or blocks of the grid through '{2}': every thread of the grid must reach each Gpu.SyncGrid(), or the kernel hangs; move the grid barrier where every thread of the grid arrives");

    /// <summary>GPU0038, an error: "'{0}' cannot be used in GPU code: {1}; declare 'static readonly DeviceGlobal&lt;T&gt; Name = new();' or 'static readonly ConstantArray&lt;T&gt; Name = new(length);' (length a constant) in the class whose kernels use it"; {0} the field, {1} what is wrong with it.</summary>
    public static readonly DiagnosticDescriptor UnsupportedDeviceGlobal = Error(
        "GPU0038", "Unsupported device global or constant array",
        "'{0}' cannot be used in GPU code: {1}; declare 'static readonly DeviceGlobal<T> Name = new();' or 'static readonly ConstantArray<T> Name = new(length);' (length a constant) in the class whose kernels use it");

    /// <summary>GPU0039, an error: "Gpu.Printf: {0}; its format is a string literal or const with CUDA printf's conversions, one per argument: %d %i %u %x %X %o %c for integers up to 32 bits (%lld %llu %llx... for long and ulong), %f %e %g (or %F %E %G) for float, double and Half, each with optional flags (-+ #0), width and precision, and %% for a percent sign"; {0} what is wrong with the format or an argument.</summary>
    public static readonly DiagnosticDescriptor PrintfFormatMismatch = Error(
        "GPU0039", "Gpu.Printf format does not match its arguments",
        "Gpu.Printf: {0}; its format is a string literal or const with CUDA printf's conversions, one per argument: %d %i %u %x %X %o %c for integers up to 32 bits (%lld %llu %llx... for long and ulong), %f %e %g (or %F %E %G) for float, double and Half, each with optional flags (-+ #0), width and precision, and %% for a percent sign");

    /// <summary>GPU0040, an error: "{0}: {1}"; {0} the call and its operand, {1} what the instruction needs instead.</summary>
    public static readonly DiagnosticDescriptor TensorCoreOperand = Error(
        "GPU0040", "Tensor-core or async-copy operand the instruction cannot take",
        "{0}: {1}");

    private static DiagnosticDescriptor Warning(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: $"{HelpLink}-{id.ToLowerInvariant()}");

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: $"{HelpLink}-{id.ToLowerInvariant()}");
}
