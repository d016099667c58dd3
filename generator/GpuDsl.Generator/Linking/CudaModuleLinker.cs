using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using GpuDsl.Generator.Diagnostics;
using GpuDsl.Generator.Mappings;
using GpuDsl.Generator.Models;
using GpuDsl.Generator.Translation;

namespace GpuDsl.Generator.Linking;

/// <summary>
/// Assembles one CUDA module per type that declares kernels: the prelude helpers used, the user structs and enums
/// (each after the types its fields use), the constant tables read, prototypes of every device function and struct
/// constructor reached from its kernels (in any class), their definitions, then the kernels. Order is stable (types,
/// tables and device functions by name, kernels in declaration order), so the same C# always gives the same CUDA.
/// </summary>
internal static class CudaModuleLinker
{
    /// <param name="kernels">Every kernel of the compilation.</param>
    /// <param name="devices">Every device function of the compilation.</param>
    /// <param name="launches">The instances of generic kernels that the program's launches need beyond their lists (each
    /// with its <see cref="GenericLaunchModel.Instance"/>).</param>
    /// <param name="isChecked">Checked mode: every span index is checked (see <see cref="CudaIndexChecks"/>).</param>
    /// <param name="contracts">The project's <c>GpuDslContractFloatingPoint</c>: the modules say so, and NVRTC fuses
    /// multiply-adds in the functions that do not choose for themselves.</param>
    public static ImmutableArray<ModuleModel> Link(
        ImmutableArray<FunctionModel> kernels, ImmutableArray<FunctionModel> devices, ImmutableArray<GenericLaunchModel> launches, bool isChecked,
        bool contracts = false)
    {
        ILookup<string, GenericLaunchModel> launched = launches.ToLookup(l => l.KernelCudaName);

        Dictionary<string, FunctionModel> deviceByName = new();
        foreach (FunctionModel device in devices)
        {
            deviceByName[device.CudaName] = device;
        }

        // Checked copies call each other, so one method with errors leaves the whole compilation without them (see CpuCopyEmitter).
        bool copies = !kernels.Concat(devices).Any(f => f.Errors != FunctionErrors.None);
        return kernels
            .GroupBy(k => k.Type.FullName)
            .OrderBy(g => g.Key, System.StringComparer.Ordinal)
            .Select(g => Module(g.ToList(), deviceByName, launched, isChecked, contracts, copies))
            .ToImmutableArray();
    }

    /// <summary>The most static shared memory a CUDA block may declare: 48 KiB.</summary>
    private const int MaxStaticSharedBytes = 48 * 1024;

    private static ModuleModel Module(
        List<FunctionModel> kernels, Dictionary<string, FunctionModel> devices, ILookup<string, GenericLaunchModel> launched, bool isChecked,
        bool contracts, bool copies)
    {
        List<DiagnosticInfo> diagnostics = new();
        Dictionary<string, List<GenericLaunchModel>> added = new();
        foreach (FunctionModel kernel in kernels)
        {
            added[kernel.CudaName] = Unlisted(launched[kernel.CudaName]);
        }

        SortedDictionary<string, FunctionModel> reached = new(System.StringComparer.Ordinal);
        SortedDictionary<string, DeviceGlobalModel> globals = new(System.StringComparer.Ordinal);
        CudaConstantMemory constants = new();
        List<KernelModel> kernelModels = new();
        foreach (FunctionModel kernel in kernels)
        {
            // A kernel that could not be translated at all (GPU0018 says why) has no entry point to launch.
            if (kernel.Launch.Instances.IsEmpty && kernel.Launch.TypeParameters.Length == 0)
            {
                continue;
            }

            bool usesBarriers = kernel.Calls.UsesBarriers;
            bool usesGridSync = kernel.Calls.UsesGridSync;
            string? threadFormReason = null;
            int sharedBytes = 0;
            bool wasWithinConstantLimit = constants.IsWithinLimit;
            constants.Add(kernel);
            AddGlobals(kernel, kernel, globals, diagnostics);
            foreach (FunctionModel device in Reach(kernel, devices))
            {
                reached[device.CudaName] = device;
                usesBarriers |= device.Calls.UsesBarriers;
                if ((device.Calls.UsesBarriers || device.ThreadFormReason is not null) && device.CpuLoop is null && threadFormReason is null)
                {
                    // Its barriers would run on the block's one OS thread as real waits, which never end.
                    threadFormReason = $"[Device] {device.Type.Name}.{device.MethodName}: {device.ThreadFormReason ?? "it has barriers and no loop form"}";
                }

                usesGridSync |= device.Calls.UsesGridSync;
                sharedBytes += device.Launch.StaticSharedBytes;
                constants.Add(device);
                AddGlobals(kernel, device, globals, diagnostics);
            }

            threadFormReason = !copies ? "the compilation has GPU errors"
                : threadFormReason is not null ? threadFormReason
                : kernel.CpuLoop is null ? kernel.ThreadFormReason ?? "it has no C# copy (a type around it is not partial)"
                : null;

            // Reported once, at the kernel whose tables take the module past 64 KiB.
            if (wasWithinConstantLimit && !constants.IsWithinLimit)
            {
                diagnostics.Add(constants.TooLarge(kernel));
            }

            EquatableArray<KernelInstanceModel> instances = kernel.Launch.Instances
                .Concat(added[kernel.CudaName].Select(l => l.Instance! with
                {
                    StaticSharedBytes = kernel.Launch.StaticSharedBytes +
                        kernel.Launch.SharedElementsOfTypeParameters.Items.Zip(l.ArgumentSizes.Items, (elements, size) => elements * size).Sum(),
                }))
                .Select(i => i with { StaticSharedBytes = i.StaticSharedBytes + sharedBytes })
                .ToEquatableArray();

            // CUDA caps a block's static shared memory at 48 KiB on every architecture; past that only dynamic shared
            // memory (with an opt-in the runtime makes) can be larger. NVRTC would fail with a ptxas message at run time.
            int mostShared = instances.Items.IsEmpty ? 0 : instances.Items.Max(i => i.StaticSharedBytes);
            if (mostShared > MaxStaticSharedBytes)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.StaticSharedMemoryTooLarge, kernel.Identifier, kernel.MethodName,
                    mostShared.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)));
            }

            kernelModels.Add(new KernelModel(
                kernel.MethodName, kernel.Launch.Parameters, usesBarriers, kernel.Launch.TypeParameters, kernel.Launch.Constraints, instances,
                copies && kernel.CpuCopy is not null, kernel.Errors)
            {
                UsesGridSync = usesGridSync,
                ThreadFormReason = threadFormReason,
                LaunchRequirements = kernel.LaunchRequirements,
            });
        }

        foreach (FunctionModel device in reached.Values)
        {
            if (CallsItself(device, devices))
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.RecursionNotSupported, device.Identifier, device.MethodName, " through other [Device] methods"));
            }
        }

        List<CheckSiteModel> sites = new();
        string source = Source(kernels[0].Type, kernels, reached.Values.ToList(), constants.Tables.ToList(), globals.Values.ToList(), added, isChecked, contracts, sites);
        return new ModuleModel(kernels[0].Type, kernelModels.ToEquatableArray(), source, diagnostics.ToEquatableArray(), sites.ToEquatableArray(), isChecked)
        {
            Globals = globals.Values.ToEquatableArray(),
        };
    }

    /// <summary>
    /// The device globals and constant arrays <paramref name="function"/> uses, reached from <paramref name="kernel"/>:
    /// each must be declared by the kernel's own class, whose module defines it (GPU0038 otherwise, at the use).
    /// </summary>
    private static void AddGlobals(
        FunctionModel kernel, FunctionModel function, SortedDictionary<string, DeviceGlobalModel> globals, List<DiagnosticInfo> diagnostics)
    {
        foreach (DeviceGlobalModel global in function.Cuda.Globals)
        {
            if (global.DeclaringType == kernel.Type.FullName)
            {
                globals[global.CudaName] = global;
                continue;
            }

            string via = ReferenceEquals(kernel, function) ? "" : $" through '{function.MethodName}'";
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedDeviceGlobal, global.Use, global.CSharpName,
                $"it is declared in '{global.DeclaringType}', but kernel '{kernel.Type.Name}.{kernel.MethodName}' uses it{via}, and each class's " +
                "kernels are a CUDA module of their own, with their own copy of every variable"));
        }
    }

    /// <summary>
    /// The launches of a kernel (each for a type its list lacks: the parser leaves out listed ones), one per type, in a
    /// stable order (by type).
    /// </summary>
    private static List<GenericLaunchModel> Unlisted(IEnumerable<GenericLaunchModel> launches) =>
        launches
            .GroupBy(l => l.Instance!.TypeArgumentList)
            .Select(g => g.First())
            .OrderBy(l => l.Instance!.TypeArgumentList, System.StringComparer.Ordinal)
            .ToList();

    private static string Source(
        ContainingTypeModel type, List<FunctionModel> kernels, List<FunctionModel> devices, List<ConstantTableModel> tables,
        List<DeviceGlobalModel> globals, Dictionary<string, List<GenericLaunchModel>> added, bool isChecked, bool contracts, List<CheckSiteModel> sites)
    {
        StringBuilder text = new();
        text.Append("// <auto-generated/>\n");
        text.Append("// CUDA C translated by GpuDsl from ").Append(type.FullName).Append(". Edit the C#, not this file.\n");
        if (contracts)
        {
            // GpuDslContractFloatingPoint: the runtime compiles this module with --fmad=true (without this line, --fmad=false).
            text.Append(CudaTranslator.ContractMarker).Append('\n');
        }

        List<FunctionModel> all = kernels.Concat(devices).ToList();
        SortedDictionary<string, ConstructorModel> constructors = new(System.StringComparer.Ordinal);
        foreach (ConstructorModel constructor in all.SelectMany(f => f.Cuda.Constructors))
        {
            constructors[constructor.CudaName] = constructor;
        }

        // The definitions first, so that checked mode knows its sites (and whether it needs its helper) before the prelude.
        StringBuilder definitions = new();
        IEnumerable<string> kernelDefinitions = kernels.Select(k => k.Cuda.Definition + string.Concat(added[k.CudaName].Select(l => l.EntryPoint)));
        foreach (string definition in constructors.Values.Select(c => c.Definition).Concat(devices.Select(f => f.Cuda.Definition)).Concat(kernelDefinitions))
        {
            definitions.Append('\n').Append(CudaIndexChecks.Render(definition, isChecked, sites));
        }

        List<GenericLaunchModel> launches = added.Values.SelectMany(l => l).ToList();
        HashSet<string> helpers = new(all.SelectMany(f => f.Cuda.Helpers).Concat(launches.SelectMany(l => l.Helpers)));
        if (sites.Count > 0)
        {
            helpers.Add(CudaPrelude.CheckedIndex);
        }

        foreach (string helper in CudaPrelude.Code(helpers))
        {
            text.Append('\n').Append(helper).Append('\n');
        }

        foreach (TypeDefinitionModel definition in Ordered(all.SelectMany(f => f.Cuda.Types).Concat(launches.SelectMany(l => l.Types))))
        {
            text.Append('\n').Append(definition.Definition);
        }

        foreach (ConstantTableModel table in tables)
        {
            text.Append('\n').Append(CudaConstantMemory.Definition(table));
        }

        foreach (DeviceGlobalModel global in globals)
        {
            text.Append('\n').Append(global.Definition);
        }

        List<string> prototypes = constructors.Values.Select(c => c.Prototype).Concat(devices.Select(d => d.Cuda.Prototype)).ToList();
        if (prototypes.Count > 0)
        {
            text.Append('\n');
            foreach (string prototype in prototypes)
            {
                text.Append(prototype).Append('\n');
            }
        }

        return text.Append(definitions).ToString();
    }

    /// <summary>Type definitions once each, by name, each after the types its fields use.</summary>
    private static IEnumerable<TypeDefinitionModel> Ordered(IEnumerable<TypeDefinitionModel> definitions)
    {
        SortedDictionary<string, TypeDefinitionModel> byName = new(System.StringComparer.Ordinal);
        foreach (TypeDefinitionModel definition in definitions)
        {
            byName[definition.CudaName] = definition;
        }

        List<TypeDefinitionModel> ordered = new();
        HashSet<string> placed = new();
        foreach (string name in byName.Keys)
        {
            Place(name);
        }

        return ordered;

        void Place(string name)
        {
            if (!byName.TryGetValue(name, out TypeDefinitionModel? definition) || !placed.Add(name))
            {
                return;
            }

            foreach (string dependency in definition.Dependencies)
            {
                Place(dependency);
            }

            ordered.Add(definition);
        }
    }

    /// <summary>Every device function reachable from <paramref name="root"/>, each once.</summary>
    private static IEnumerable<FunctionModel> Reach(FunctionModel root, Dictionary<string, FunctionModel> devices)
    {
        HashSet<string> seen = new();
        Stack<string> pending = new(root.Calls.Callees);
        while (pending.Count > 0)
        {
            string name = pending.Pop();
            if (seen.Add(name) && devices.TryGetValue(name, out FunctionModel? device))
            {
                yield return device;
                foreach (string callee in device.Calls.Callees)
                {
                    pending.Push(callee);
                }
            }
        }
    }

    /// <summary>Whether a device function reaches itself through others (calling itself directly is reported earlier).</summary>
    private static bool CallsItself(FunctionModel function, Dictionary<string, FunctionModel> devices) =>
        function.Calls.Callees.Where(c => c != function.CudaName && devices.ContainsKey(c))
            .SelectMany(c => Reach(devices[c], devices).Select(d => d.CudaName).Prepend(c))
            .Contains(function.CudaName);
}
