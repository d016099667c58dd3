using System.Collections.Concurrent;
using GpuDsl.CompilerServices;

namespace GpuDsl.Cuda;

/// <summary>
/// Each module's NVRTC compilation for one device architecture, done once per process however many contexts and
/// threads ask for it. A cold start is mostly compilation, so as soon as the first CUDA context of an architecture
/// exists every registered module is compiled in the background, in parallel: by the time a kernel is first launched
/// its module is usually compiled, or in progress. A launch never queues behind other modules: if its own module has
/// not started, the launching thread compiles it at once. Set <c>GPUDSL_COMPILE_AHEAD=0</c> to compile only at first
/// launch (or <see cref="GpuContext.Preload"/>).
/// </summary>
internal static class ModuleCompilations
{
    private static readonly ConcurrentDictionary<(GpuModule Module, int Major, int Minor), Compilation> s_compilations = new();
    private static readonly ConcurrentDictionary<(int Major, int Minor), bool> s_aheadStarted = new();
    private static readonly CountdownEvent s_inFlight = new(1);
    private static volatile bool s_exiting;

    // At exit no new background compilation starts, and the ones under way are waited for (a little while): the native
    // libraries are torn down after this handler, and NVRTC unloaded under a compilation crashed the process at exit
    // (SIGSEGV, "double free or corruption") once a program had registered modules late, as the random-kernel tests do.
    static ModuleCompilations() => AppDomain.CurrentDomain.ProcessExit += static (_, _) =>
    {
        s_exiting = true;
        s_inFlight.Signal();
        _ = s_inFlight.Wait(TimeSpan.FromSeconds(30));
    };

    /// <summary>Whether contexts compile registered modules in the background (<c>GPUDSL_COMPILE_AHEAD</c>, on unless 0/false).</summary>
    internal static bool CompileAhead { get; } =
        Environment.GetEnvironmentVariable("GPUDSL_COMPILE_AHEAD")?.Trim() is not ("0" or "false" or "False" or "FALSE");

    /// <summary>The compiled module, compiling it on this thread unless another thread already is (then waiting for it).</summary>
    /// <exception cref="KernelCompilationException">NVRTC rejected the source.</exception>
    public static CompiledModule Get(GpuModule module, int major, int minor) =>
        s_compilations.GetOrAdd((module, major, minor), static _ => new Compilation()).Get(module, major, minor);

    /// <summary>Whether the module is compiled for that architecture already (in this process), without compiling it; for tests.</summary>
    internal static bool IsCompiled(GpuModule module, int major, int minor) =>
        s_compilations.TryGetValue((module, major, minor), out Compilation? compilation) && compilation.IsDone;

    /// <summary>
    /// Starts compiling every registered module for devices of compute capability <paramref name="major"/>.<paramref
    /// name="minor"/> in the background, once per architecture per process; modules registered later follow as they come.
    /// </summary>
    public static void StartAhead(int major, int minor)
    {
        if (!CompileAhead || !s_aheadStarted.TryAdd((major, minor), true))
        {
            return;
        }

        GpuModule[] registered = GeneratedModules.Observe(module => CompileInBackground([module], major, minor));
        CompileInBackground(registered, major, minor);
    }

    private static void CompileInBackground(GpuModule[] modules, int major, int minor)
    {
        if (modules.Length == 0)
        {
            return;
        }

        // A thread of its own, so the caller (the context's creation) returns at once. Parallel.ForEach adds pool threads
        // beside it, at most one fewer than the cores, so the program's own start still finds a core; a launch whose
        // module is not done compiles it on its own thread. Once the process is exiting no new compilation starts, so
        // NVRTC is not asked for work while its library is torn down.
        Thread worker = new(() =>
        {
            ParallelOptions options = new() { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount - 1) };
            Parallel.ForEach(modules, options, (module, loop) =>
            {
                if (s_exiting)
                {
                    loop.Stop();
                    return;
                }

                if (!s_inFlight.TryAddCount())
                {
                    loop.Stop();
                    return;
                }

                try
                {
                    s_compilations.GetOrAdd((module, major, minor), static _ => new Compilation()).Prepare(module, major, minor);
                }
                catch (Exception)
                {
                    // Not remembered: the module's first launch compiles it again and reports the error there, where the
                    // user's code asked for it.
                }
                finally
                {
                    s_inFlight.Signal();
                }
            });
        })
        {
            IsBackground = true,
            Name = "GpuDsl compile-ahead",
        };
        worker.Start();
    }

    /// <summary>
    /// One module for one architecture: compiled once; a failure is not kept, so the next caller retries. The image is
    /// handed to the first caller (the context that loads it) and then dropped, so a process that compiles thousands of
    /// modules does not keep their images; a later caller (another context) reads it back from the on-disk cache.
    /// </summary>
    private sealed class Compilation
    {
        private readonly Lock _lock = new();
        private CompiledModule? _image;
        private volatile bool _done;

        public bool IsDone => _done;

        public CompiledModule Get(GpuModule module, int major, int minor)
        {
            lock (_lock)
            {
                CompiledModule compiled = _image ?? NvrtcCompiler.Compile(module, major, minor, CompilationCache.Default);
                _image = null;
                _done = true;
                return compiled;
            }
        }

        /// <summary>Compiles ahead of the first caller and keeps the image for it.</summary>
        public void Prepare(GpuModule module, int major, int minor)
        {
            lock (_lock)
            {
                if (!_done)
                {
                    _image = NvrtcCompiler.Compile(module, major, minor, CompilationCache.Default);
                    _done = true;
                }
            }
        }
    }
}
