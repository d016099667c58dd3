namespace GpuDsl.Generator.Models;

/// <summary>
/// One <c>[Kernel]</c> or <c>[Device]</c> method, translated. This is the pipeline's unit of caching, so it is
/// immutable and compares by value; it holds no <c>ISymbol</c>, <c>SyntaxNode</c> or <c>Compilation</c>. Each part is
/// a record of its own, named for the stage that reads it: the linker reads <see cref="Cuda"/> and <see cref="Calls"/>,
/// the emitter <see cref="Launch"/>, the checked-mode emitter <see cref="CpuCopy"/>.
/// </summary>
internal sealed record FunctionModel
{
    /// <summary>The CUDA function name, unique in the compilation, e.g. <c>MyApp_VectorKernels_Add</c>.</summary>
    public required string CudaName { get; init; }

    /// <summary>A <c>__global__</c> entry point rather than a <c>__device__</c> helper.</summary>
    public required bool IsKernel { get; init; }

    /// <summary>The declaring type.</summary>
    public required ContainingTypeModel Type { get; init; }

    /// <summary>The C# method name.</summary>
    public required string MethodName { get; init; }

    /// <summary>Where the method's name is, for diagnostics found later (recursion through other methods).</summary>
    public required LocationInfo Identifier { get; init; }

    /// <summary>Its CUDA text and what the module must define for it.</summary>
    public required FunctionCuda Cuda { get; init; }

    /// <summary>What a launcher needs: parameters, generic instances, shared memory.</summary>
    public required LaunchSignature Launch { get; init; }

    /// <summary>What it calls: device functions, barriers, warp collectives and grid barriers.</summary>
    public required CallFacts Calls { get; init; }

    /// <summary>The checked copy the CPU backend runs in checked mode, or <see langword="null"/> when the method gets
    /// none (see <c>CpuCopyRewriter.CanCopy</c>) or has an error.</summary>
    public required CpuCopyModel? CpuCopy { get; init; }

    /// <summary>A kernel's loop form for the CPU backend (see <c>CpuLoopFormRewriter</c>), when its shape allows one.</summary>
    public CpuLoopModel? CpuLoop { get; init; }

    /// <summary>Why a method with barriers has no <see cref="CpuLoop"/>, for the CPU backend's trace.</summary>
    public string? ThreadFormReason { get; init; }

    /// <summary>What went wrong; when any is an error, <see cref="FunctionCuda.Definition"/> is not used.</summary>
    public required EquatableArray<DiagnosticInfo> Diagnostics { get; init; }

    /// <summary>Where its GPU errors are, if it has any: then it gets no launcher that could launch it (see
    /// <see cref="FunctionErrors"/>), and the compilation no checked copies.</summary>
    public required FunctionErrors Errors { get; init; }

    /// <summary>What a kernel's launcher tests of each launch instead of a warning (<c>[Kernel(ExactLaunch = true)]</c>;
    /// see <c>Analyzers/ThreadDependence.Launch.cs</c>).</summary>
    public EquatableArray<LaunchRequirementModel> LaunchRequirements { get; init; } = EquatableArray<LaunchRequirementModel>.Empty;
}

/// <summary>A GPU method's CUDA text, and the definitions the module must hold for it.</summary>
internal sealed record FunctionCuda
{
    /// <summary>Nothing: the CUDA of a method that could not be translated at all.</summary>
    public static FunctionCuda None { get; } = new()
    {
        Prototype = "", Definition = "", Helpers = EquatableArray<string>.Empty, Types = EquatableArray<TypeDefinitionModel>.Empty,
        Constructors = EquatableArray<ConstructorModel>.Empty, ConstantTables = EquatableArray<ConstantTableModel>.Empty,
        Globals = EquatableArray<DeviceGlobalModel>.Empty,
    };

    /// <summary>The CUDA declaration without a body, e.g. <c>__device__ float f(float x)</c>.</summary>
    public required string Prototype { get; init; }

    /// <summary>The CUDA definition, with <c>#line</c> directives.</summary>
    public required string Definition { get; init; }

    /// <summary>Names of the prelude helpers it uses (see <c>CudaPrelude</c>).</summary>
    public required EquatableArray<string> Helpers { get; init; }

    /// <summary>The user structs and enums it uses, directly or through their fields.</summary>
    public required EquatableArray<TypeDefinitionModel> Types { get; init; }

    /// <summary>The struct constructors and members it calls, translated.</summary>
    public required EquatableArray<ConstructorModel> Constructors { get; init; }

    /// <summary>The constant tables it reads.</summary>
    public required EquatableArray<ConstantTableModel> ConstantTables { get; init; }

    /// <summary>The device globals and constant arrays it uses, in name order.</summary>
    public required EquatableArray<DeviceGlobalModel> Globals { get; init; }
}

/// <summary>What a launcher needs of a kernel (a device function has parameters and shared memory too).</summary>
internal sealed record LaunchSignature
{
    /// <summary>Nothing to launch: the signature of a method that could not be translated at all.</summary>
    public static LaunchSignature None { get; } = new()
    {
        Parameters = EquatableArray<ParameterModel>.Empty, TypeParameters = "", Constraints = "",
        Instances = EquatableArray<KernelInstanceModel>.Empty, StaticSharedBytes = 0, SharedElementsOfTypeParameters = EquatableArray<int>.Empty,
    };

    /// <summary>The parameters (of the generic definition, for a generic method).</summary>
    public required EquatableArray<ParameterModel> Parameters { get; init; }

    /// <summary>A generic kernel's C# type parameter list, e.g. <c>&lt;T&gt;</c>; empty otherwise.</summary>
    public required string TypeParameters { get; init; }

    /// <summary>A generic kernel's C# constraint clauses, e.g. <c>where T : unmanaged</c>.</summary>
    public required string Constraints { get; init; }

    /// <summary>A kernel's CUDA entry points: itself, or one per type argument of a generic kernel.</summary>
    public required EquatableArray<KernelInstanceModel> Instances { get; init; }

    /// <summary>Bytes of <c>__shared__</c> arrays it declares (arrays of a type parameter count 0).</summary>
    public required int StaticSharedBytes { get; init; }

    /// <summary>Elements of the <c>__shared__</c> arrays of each type parameter it declares (by ordinal), so that an
    /// instance found later (see <c>GenericLaunchModel</c>) can count their bytes.</summary>
    public required EquatableArray<int> SharedElementsOfTypeParameters { get; init; }
}

/// <summary>What a GPU method calls, which the linker follows through the call graph.</summary>
internal sealed record CallFacts
{
    /// <summary>Calls nothing: the facts of a method that could not be translated at all.</summary>
    public static CallFacts None { get; } = new()
    {
        Callees = EquatableArray<string>.Empty, UsesBarriers = false, UsesGridSync = false,
    };

    /// <summary>CUDA names of the <c>[Device]</c> functions it calls directly.</summary>
    public required EquatableArray<string> Callees { get; init; }

    /// <summary>Calls <c>Gpu.SyncThreads()</c> or a warp collective directly, so the CPU backend must run its block's threads at once.</summary>
    public required bool UsesBarriers { get; init; }

    /// <summary>Calls <c>Gpu.SyncGrid()</c> directly, so a kernel that reaches it needs a cooperative launch.</summary>
    public required bool UsesGridSync { get; init; }
}

/// <summary>
/// Whether a GPU method has errors, and where: the build fails on them, and generated C# for the method would only add
/// compiler errors of its own beside them (a launcher for parameters GPU code cannot take, a checked copy of code that
/// is not GPU code), so it gets none.
/// </summary>
internal enum FunctionErrors
{
    /// <summary>No errors: the method gets its launcher and its checked copy.</summary>
    None,

    /// <summary>Errors that leave the parameters as declared: a kernel keeps a launcher that throws, so its calls still compile.</summary>
    InBody,

    /// <summary>A parameter GPU code cannot take: the launcher could not even be declared, so a kernel gets none.</summary>
    InParameters,
}
