using System.Collections.Generic;
using System.Linq;
using GpuDsl.Generator.Diagnostics;
using GpuDsl.Generator.Mappings;
using GpuDsl.Generator.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GpuDsl.Generator.Translation;

/// <summary>
/// Resolves what a GPU method refers to (intrinsics, device functions, members) and records what the module will need:
/// the device functions it calls, the prelude helpers it uses, whether it synchronises its block.
/// </summary>
internal sealed partial class CudaTranslator
{
    /// <summary>The CUDA text of a method that is an intrinsic (GpuDsl stub or known base-library method).</summary>
    private string? IntrinsicTemplate(IMethodSymbol method)
    {
        string? template = CudaIntrinsicKinds.Template(method);
        if (template is not null)
        {
            Track(template);
        }

        return template is null ? null : WithTypeArgument(template, method);
    }

    /// <summary>
    /// A generic-math template names the type it works on as <c>{T}</c>: <c>T.Zero</c> is <c>((T)0)</c>, with the
    /// CUDA name of the interface's type argument (<c>INumberBase&lt;T&gt;</c>'s <c>T</c>).
    /// </summary>
    private string WithTypeArgument(string template, ISymbol member)
    {
        if (!template.Contains("{T}"))
        {
            return template;
        }

        ITypeSymbol? argument = member.ContainingType is { TypeArguments.Length: > 0 } generic ? generic.TypeArguments[0] : member.ContainingType;
        string name = (argument is null ? null : _types.Name(argument)) ?? "int";
        return template.Replace("{T}", name);
    }

    /// <summary>A field or property read: a GpuDsl intrinsic, or something GPU code cannot reach.</summary>
    private string Member(ExpressionSyntax node, ISymbol? symbol, ExpressionSyntax? receiver)
    {
        if (symbol is not null && (CudaIntrinsicKinds.DeclaredTemplate(symbol) ?? CudaKnownMethods.PropertyTemplate(symbol.OriginalDefinition)) is { } template)
        {
            Track(template);
            template = WithTypeArgument(template, symbol);
            return receiver is null ? template : Instantiate(template, new List<string> { Visit(receiver) });
        }

        string name = symbol?.ToDisplayString() ?? node.ToString();
        string why = symbol switch
        {
            IFieldSymbol { Type: var type } when IsDeviceSymbol(type) =>
                "GPU code uses a DeviceGlobal<T> through its Value (Count.Value) and a ConstantArray<T> by index and Length (Taps[i], Taps.Length); it cannot hold or pass the object itself",
            IFieldSymbol { IsStatic: true, Type: IArrayTypeSymbol { ElementType: var element } } =>
                $"a static array is host memory that GPU threads cannot see; for a small read-only table declare 'static ReadOnlySpan<{element.ToDisplayString()}> {symbol.Name} => new {element.ToDisplayString()}[] {{ ... }};', which GPU code reads from constant memory, or pass the data as a ReadOnlySpan<{element.ToDisplayString()}> parameter",
            IFieldSymbol { IsStatic: true, IsReadOnly: false } => "static fields are host memory that GPU threads cannot see; use a const, or pass the value as a parameter",
            IFieldSymbol { IsStatic: true } => "only const fields can be read; make it const, or pass the value as a parameter",
            IPropertySymbol { ContainingType.TypeKind: TypeKind.Interface } => InterfaceMember,
            IPropertySymbol => "only GpuDsl intrinsics (Gpu.ThreadIdx...) and span Length are available as properties",
            null => "it could not be resolved",
            _ => "GPU code can read locals, parameters, constants and GpuDsl intrinsics",
        };
        Report(DiagnosticDescriptors.UnsupportedMember, LocationInfo.From(node), name, why);
        if (receiver is not null)
        {
            Visit(receiver); // Problems inside the receiver are reported too.
        }

        return Placeholder;
    }

    /// <summary>Why an interface member other than a method called through a type parameter (see <c>CudaTranslator.Functors.cs</c>) cannot be reached.</summary>
    private const string InterfaceMember =
        "of your interfaces' members GPU code calls methods through a type parameter (TOp.Apply(a, b), op.Apply(a, b)); declare a property as a method (static abstract T Identity();), or call the struct's own member directly";

    /// <summary>A call to another GPU method, which must be a <c>[Device]</c> method of this compilation.</summary>
    private string DeviceCall(InvocationExpressionSyntax node, IMethodSymbol method, List<string> arguments)
    {
        string display = method.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);
        bool isDevice = KnownNames.IsDevice(method);
        string? why =
            KnownNames.IsKernel(method) ? "a kernel cannot launch another kernel; move the shared code into a [Device] method" :
            CudaKnownTypes.IsSpan(method.ContainingType, out _, out _) ? method.Name == "Slice"
                ? "a slice is a span value: declare a span local from it, assign it to one, pass it to a [Device] method, or index it"
                : $"of a span's members GPU code has its indexer, Length and Slice; write {method.Name} as a loop over the elements" :
            method.ContainingType.TypeKind == TypeKind.Interface ? InterfaceMember :
            !isDevice && method.DeclaringSyntaxReferences.IsEmpty ? "only [Device] methods of this project, GpuDsl intrinsics and Math/MathF functions can be called" :
            !isDevice ? $"only [Device] methods, GpuDsl intrinsics and Math/MathF functions can be called; if '{method.Name}' is yours, mark it [Device]" :
            method.DeclaringSyntaxReferences.IsEmpty ? "[Device] methods from other assemblies cannot be translated; declare it in this project" :
            null;
        if (why is not null)
        {
            Report(DiagnosticDescriptors.UnsupportedCall, LocationInfo.From(node), display, why);
            return Placeholder;
        }

        if (SymbolEqualityComparer.Default.Equals(method.OriginalDefinition, _method.OriginalDefinition))
        {
            Report(DiagnosticDescriptors.RecursionNotSupported, LocationInfo.From(node), _method.Name, "");
            return Placeholder;
        }

        string name = CudaNames.Function(method);
        _output.Callees.Add(name);

        // A generic device function is a C++ template, called with its type arguments written out.
        string typeArguments = method.IsGenericMethod
            ? $"<{string.Join(", ", method.TypeArguments.Select(t => TypeName(t, node) ?? "int"))}>"
            : "";
        return $"{name}{typeArguments}({string.Join(", ", arguments)})";
    }

    private void Track(string template)
    {
        foreach (string helper in CudaPrelude.UsedBy(template))
        {
            _output.Helpers.Add(helper);
        }

        if (template.Contains("half"))
        {
            _output.Helpers.Add(CudaPrelude.Fp16);
        }

        if (template.Contains("bfloat16"))
        {
            _output.Helpers.Add(CudaPrelude.Bf16);
        }

        // The tensor-core functions share one helper with the fragment types they take.
        if (template.Contains(CudaPrelude.Mma + "_"))
        {
            _output.Helpers.Add(CudaPrelude.Mma);
        }

        // Barriers and warp collectives need the threads of a block alive at once on the CPU backend.
        if (CudaIntrinsicKinds.Of(template) is IntrinsicKind.BlockBarrier or IntrinsicKind.WarpCollective)
        {
            _output.UsesBarriers = true;
        }

        _output.UsesGridSync |= CudaIntrinsicKinds.Of(template) == IntrinsicKind.GridBarrier;
    }

}
