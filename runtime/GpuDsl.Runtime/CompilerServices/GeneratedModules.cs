using System.ComponentModel;

namespace GpuDsl.CompilerServices;

/// <summary>
/// The CUDA modules of every loaded assembly's kernels, registered by the generated code as the assembly loads, so
/// that a CUDA context can compile them in the background as soon as it exists instead of at each module's first
/// launch. For generated code; user code has no need to call it.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GeneratedModules
{
    private static readonly Lock s_lock = new();
    private static readonly List<GpuModule> s_modules = [];
    private static Action<GpuModule>? s_registered;

    /// <summary>
    /// Tells <paramref name="symbol"/> (a <see cref="DeviceGlobal{T}"/> or <see cref="ConstantArray{T}"/>) which module
    /// defines it and by what CUDA name; called from the static constructor the generator gives a class whose kernels use one.
    /// </summary>
    public static void Bind(DeviceSymbol symbol, GpuModule module, string cudaName, string displayName)
    {
        ArgumentNullException.ThrowIfNull(symbol, displayName);
        ArgumentNullException.ThrowIfNull(module);
        symbol.Bind(module, cudaName, displayName);
    }

    /// <summary>Records <paramref name="module"/>; called from a module initializer the generator emits.</summary>
    public static void Register(GpuModule module)
    {
        ArgumentNullException.ThrowIfNull(module);
        Action<GpuModule>? registered;
        lock (s_lock)
        {
            s_modules.Add(module);
            registered = s_registered;
        }

        registered?.Invoke(module);
    }

    /// <summary>The modules registered so far, in registration order (for tests: the runtime reads them through <see cref="Observe"/>).</summary>
    internal static GpuModule[] Registered
    {
        get
        {
            lock (s_lock)
            {
                return [.. s_modules];
            }
        }
    }

    /// <summary>
    /// The modules registered so far, and from now on a call of <paramref name="onRegistered"/> for each one registered
    /// later (an assembly loaded after the context was created).
    /// </summary>
    internal static GpuModule[] Observe(Action<GpuModule> onRegistered)
    {
        lock (s_lock)
        {
            s_registered += onRegistered;
            return [.. s_modules];
        }
    }
}
