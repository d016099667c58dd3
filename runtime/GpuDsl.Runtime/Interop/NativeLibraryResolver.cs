using System.Reflection;
using System.Runtime.InteropServices;

namespace GpuDsl.Interop;

/// <summary>
/// Maps the logical library names of the <c>[LibraryImport]</c> declarations to the files that were actually loaded:
/// <c>cuda</c> to the driver, <c>nvrtc</c> and <c>nccl</c> to whichever NVRTC and NCCL the probes found. An assembly has one resolver, so the
/// bindings share this one; each binding's static constructor registers it before its first call.
/// </summary>
internal static class NativeLibraryResolver
{
    private static int s_registered;

    public static void EnsureRegistered()
    {
        if (Interlocked.Exchange(ref s_registered, 1) == 0)
        {
            NativeLibrary.SetDllImportResolver(typeof(NativeLibraryResolver).Assembly, Resolve);
        }
    }

    // Zero lets the runtime's default probing run; for these names it fails with DllNotFoundException, which callers
    // never see because they check TryLoad first.
    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) => libraryName switch
    {
        CudaDriver.Library => CudaDriver.Handle,
        Nvrtc.Library => Nvrtc.Handle,
        Nccl.Library => NcclLibrary.Handle,
        _ => 0,
    };
}
