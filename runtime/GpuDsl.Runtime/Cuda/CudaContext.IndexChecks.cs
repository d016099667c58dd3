using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using GpuDsl.Interop;
using static GpuDsl.Interop.CudaDriver;

namespace GpuDsl.Cuda;

// Checked mode (the GpuDslCheckedKernels build property): a module's kernels record their first out-of-range span
// index in the module's `gpudsl_fault` global and carry on with index 0. Reading it after every launch would make
// launches synchronous, so it is read where the caller waits for the device anyway: Synchronize on the context, a
// stream or an event, a copy to the host, and every launch under GPUDSL_SYNC_LAUNCHES=1. Unchecked kernels cost one
// null test per launch.
public sealed partial class CudaContext
{
    private const string FaultRecordName = "gpudsl_fault";

    /// <summary>The fault record of each loaded checked module, by <c>CUmodule</c>.</summary>
    private readonly ConcurrentDictionary<nint, CheckedModule> _checkedModules = new();

    /// <summary>A checked kernel may have run since the last context-wide check; stream syncs leave it set.</summary>
    private volatile bool _indexCheckPending;

    /// <summary>A checked module's fault record on the device, and what its site ids stand for.</summary>
    private sealed record CheckedModule(nint Record, CheckedIndexSite[] Sites);

    /// <summary>The CUDA <c>gpudsl_fault_record</c> (see the generator's prelude), field for field.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct FaultRecord
    {
        public int Flag, Site, Index, Length;
        public uint BlockX, BlockY, BlockZ, ThreadX, ThreadY, ThreadZ;
    }

    /// <summary>Finds the fault record of a checked module, when one of its kernels is first resolved.</summary>
    private void RegisterCheckedModule(nint module, CheckedIndexSite[] sites)
    {
        if (_checkedModules.ContainsKey(module))
        {
            return;
        }

        CUresult result = cuModuleGetGlobal_v2(out nint record, out nuint bytes, module, FaultRecordName);
        if (result == CUresult.CUDA_ERROR_NOT_FOUND)
        {
            return; // No span access in the module, so nothing to check.
        }

        Check(result, $"cuModuleGetGlobal_v2({FaultRecordName})");
        if ((int)bytes != Marshal.SizeOf<FaultRecord>())
        {
            throw new InvalidOperationException(
                $"The module's {FaultRecordName} is {bytes} bytes, not the {Marshal.SizeOf<FaultRecord>()} this runtime reads: rebuild with the matching generator.");
        }

        _checkedModules.TryAdd(module, new CheckedModule(record, sites));
    }

    /// <summary>Notes a launch of <paramref name="kernel"/>: a checked one must be looked at by the next synchronization.</summary>
    private void NoteCheckedLaunch(KernelDescriptor kernel)
    {
        if (kernel.CheckedSites is not null)
        {
            _indexCheckPending = true;
        }
    }

    /// <summary>
    /// Throws <see cref="KernelIndexOutOfRangeException"/> for the first out-of-range index a checked kernel recorded,
    /// and clears the record. Called after the caller waited for the device; <paramref name="allWorkDone"/> when it
    /// waited for the whole context, so nothing checked can still be running.
    /// </summary>
    internal unsafe void ThrowIfIndexOutOfRange(bool allWorkDone = false)
    {
        if (!_indexCheckPending)
        {
            return;
        }

        if (allWorkDone)
        {
            _indexCheckPending = false;
        }

        foreach (CheckedModule module in _checkedModules.Values)
        {
            FaultRecord record;
            Check(cuMemcpyDtoH_v2(&record, module.Record, (nuint)sizeof(FaultRecord)), $"Reading {FaultRecordName} (checked kernels)");
            if (record.Flag == 0)
            {
                continue;
            }

            Check(cuMemsetD8_v2(module.Record, 0, (nuint)sizeof(FaultRecord)), $"Clearing {FaultRecordName} (checked kernels)");
            _indexCheckPending = true; // Other modules may hold a record too: the next synchronization looks again.
            CheckedIndexSite site = (uint)record.Site < (uint)module.Sites.Length
                ? module.Sites[record.Site]
                : new CheckedIndexSite($"site {record.Site}", IsKernel: true, "unknown file", 0);
            throw new KernelIndexOutOfRangeException(
                site, record.Index, record.Length,
                new Dim3((int)record.BlockX, (int)record.BlockY, (int)record.BlockZ),
                new Dim3((int)record.ThreadX, (int)record.ThreadY, (int)record.ThreadZ));
        }
    }
}
