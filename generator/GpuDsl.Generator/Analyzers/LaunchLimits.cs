using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using GpuDsl.Generator.Diagnostics;
using GpuDsl.Generator.Mappings;
using GpuDsl.Generator.Models;
using GpuDsl.Generator.Syntax;
using GpuDsl.Generator.Translation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GpuDsl.Generator.Analyzers;

/// <summary>
/// GPU0028: a launch whose grid or block, known when the program is compiled, is beyond what every CUDA device
/// allows, so that it would always throw <c>InvalidLaunchException</c>: more than 1,024 threads in a block, a block
/// wider than 1,024 in x or y or 64 in z, a grid over 65,535 in y or z, an extent below 1.
/// </summary>
/// <remarks>
/// It looks at calls of a method named <c>Launch</c>: the launcher GpuDsl generates (<c>Kernels.Launch(grid, block)</c>,
/// which a compilation without the generator's output does not contain, so it is recognised by its type declaring
/// kernels; see <see cref="LaunchCalls"/>), a kernel class's
/// launcher from another assembly, and any <c>Launch</c> that takes a <c>Dim3 grid</c> and <c>Dim3 block</c> or a
/// <c>new LaunchConfig(...)</c>. An extent counts when it is a constant, <c>new Dim3(...)</c> or a tuple of constants. A
/// configuration built elsewhere or passed through other methods is checked when it is launched.
/// </remarks>
internal static class LaunchLimits
{
    /// <summary>The most threads a block may have on any CUDA device since compute capability 2.0.</summary>
    private const long MaxThreadsPerBlock = 1024;

    private static readonly long[] s_maxBlock = { 1024, 1024, 64 };
    private static readonly long[] s_maxGrid = { int.MaxValue, 65535, 65535 };
    private static readonly string[] s_axes = { "x", "y", "z" };

    /// <summary>
    /// The problems of one launch (a call <see cref="LaunchCalls.IsLaunch"/> accepts). Never throws: a failure only
    /// loses the diagnostic.
    /// </summary>
    public static List<DiagnosticInfo> Check(InvocationExpressionSyntax call, SemanticModel model, CancellationToken cancellationToken)
    {
        List<DiagnosticInfo> found = new();
        try
        {
            Check(call, model, found, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            found.Clear();
        }

        return found;
    }

    private static void Check(InvocationExpressionSyntax call, SemanticModel model, List<DiagnosticInfo> found, CancellationToken cancellationToken)
    {
        SymbolInfo info = model.GetSymbolInfo(call, cancellationToken);
        SeparatedSyntaxList<ArgumentSyntax> arguments = call.ArgumentList.Arguments;
        if (info.Symbol is IMethodSymbol method)
        {
            for (int i = 0; i < arguments.Count; i++)
            {
                IParameterSymbol? parameter = CallArguments.Parameter(arguments[i], i, method.Parameters);
                if (parameter is null)
                {
                    continue;
                }

                if (CudaKnownTypes.IsGpuDslType(parameter.Type, KnownNames.Dim3) && parameter.Name is "grid" or "block")
                {
                    CheckExtent(arguments[i].Expression, parameter.Name, model, found, cancellationToken);
                }
                else if (CudaKnownTypes.IsGpuDslType(parameter.Type, KnownNames.LaunchConfig))
                {
                    CheckConfig(arguments[i].Expression, model, found, targetTyped: false, cancellationToken);
                }
            }
        }
        else if (info.CandidateSymbols.IsEmpty && LaunchCalls.LauncherType(call, model, cancellationToken) is not null)
        {
            // The generated launcher: Launch(grid, block, sharedMemoryBytes = 0, stream = null), or Launch(config).
            if (arguments.Count == 1 && arguments[0].NameColon is null or { Name.Identifier.ValueText: "config" })
            {
                CheckConfig(arguments[0].Expression, model, found, targetTyped: true, cancellationToken);
                return;
            }

            ExpressionSyntax? grid = Argument(arguments, 0, "grid"), block = Argument(arguments, 1, "block");
            CheckExtent(grid, "grid", model, found, cancellationToken);
            CheckExtent(block, "block", model, found, cancellationToken);
        }
    }

    /// <summary>
    /// <c>new LaunchConfig(grid, block, ...)</c> written in place; <paramref name="targetTyped"/>: a <c>new(...)</c> there
    /// is one, though the generated launcher it goes to does not exist yet to say so.
    /// </summary>
    private static void CheckConfig(
        ExpressionSyntax expression, SemanticModel model, List<DiagnosticInfo> found, bool targetTyped, CancellationToken cancellationToken)
    {
        if (expression is not BaseObjectCreationExpressionSyntax { ArgumentList.Arguments: var arguments } creation ||
            !(CudaKnownTypes.IsGpuDslType(model.GetTypeInfo(creation, cancellationToken).Type, KnownNames.LaunchConfig) ||
              (targetTyped && creation is ImplicitObjectCreationExpressionSyntax)))
        {
            return;
        }

        CheckExtent(Argument(arguments, 0, "Grid"), "grid", model, found, cancellationToken);
        CheckExtent(Argument(arguments, 1, "Block"), "block", model, found, cancellationToken);
    }

    /// <summary>A grid or block argument: every parameter it goes to is a <c>Dim3</c>, so a <c>new(...)</c> there is one.</summary>
    private static void CheckExtent(
        ExpressionSyntax? expression, string what, SemanticModel model, List<DiagnosticInfo> found, CancellationToken cancellationToken)
    {
        if (expression is null || Extent(expression, model, cancellationToken) is not { } extent)
        {
            return;
        }

        string? problem = what == "block" ? BlockProblem(extent) : GridProblem(extent);
        if (problem is not null)
        {
            found.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.LaunchBeyondCudaLimits, LocationInfo.From(expression), what, Shorten(expression.ToString()), problem));
        }
    }

    private static string? BlockProblem(long?[] extent)
    {
        if (TooSmall(extent, "block") is { } tooSmall)
        {
            return tooSmall;
        }

        if (extent[0] is { } x && extent[1] is { } y && extent[2] is { } z && x * y * z > MaxThreadsPerBlock)
        {
            return $"it has {Number(x * y * z)} threads, and a block may have at most {Number(MaxThreadsPerBlock)}";
        }

        return TooLarge(extent, s_maxBlock, "block");
    }

    private static string? GridProblem(long?[] extent) => TooSmall(extent, "grid") ?? TooLarge(extent, s_maxGrid, "grid");

    private static string? TooSmall(long?[] extent, string what)
    {
        for (int axis = 0; axis < 3; axis++)
        {
            if (extent[axis] is { } value && value < 1)
            {
                return $"its {s_axes[axis]} extent is {Number(value)}, and every extent of a {what} must be at least 1";
            }
        }

        return null;
    }

    private static string? TooLarge(long?[] extent, long[] max, string what)
    {
        for (int axis = 0; axis < 3; axis++)
        {
            if (extent[axis] is { } value && value > max[axis])
            {
                return $"its {s_axes[axis]} extent is {Number(value)}, and a {what}'s {s_axes[axis]} extent may be at most {Number(max[axis])}";
            }
        }

        return null;
    }

    /// <summary>
    /// The three extents of a grid or block argument, each null where not a constant; null when the argument is not a
    /// form whose extents can be read (<c>256</c>, <c>Threads</c>, <c>new Dim3(16, 16)</c>, <c>(64, 32)</c>).
    /// </summary>
    private static long?[]? Extent(ExpressionSyntax expression, SemanticModel model, CancellationToken cancellationToken)
    {
        if (Constant(expression, model, cancellationToken) is { } x)
        {
            return new long?[] { x, 1, 1 };
        }

        switch (expression)
        {
            case ParenthesizedExpressionSyntax parenthesized:
                return Extent(parenthesized.Expression, model, cancellationToken);
            case TupleExpressionSyntax { Arguments.Count: 2 or 3 } tuple:
                return Enumerable.Range(0, 3)
                    .Select(i => i < tuple.Arguments.Count ? Constant(tuple.Arguments[i].Expression, model, cancellationToken) : 1)
                    .ToArray();
            case ImplicitObjectCreationExpressionSyntax or ObjectCreationExpressionSyntax when
                expression is ImplicitObjectCreationExpressionSyntax || CudaKnownTypes.IsGpuDslType(model.GetTypeInfo(expression, cancellationToken).Type, KnownNames.Dim3):
                SeparatedSyntaxList<ArgumentSyntax> arguments = ((BaseObjectCreationExpressionSyntax)expression).ArgumentList?.Arguments ?? default;
                return arguments.Count == 0
                    ? new long?[] { 0, 0, 0 } // new Dim3() is the default struct, not Dim3(x, 1, 1)
                    : new[] { "x", "y", "z" }
                        .Select((name, i) => Argument(arguments, i, name) is { } value ? Constant(value, model, cancellationToken) : 1)
                        .ToArray();
            case DefaultExpressionSyntax or LiteralExpressionSyntax { RawKind: (int)SyntaxKind.DefaultLiteralExpression }:
                return new long?[] { 0, 0, 0 };
            default:
                return null;
        }
    }

    /// <summary>The argument for a parameter, by name or else by position.</summary>
    private static ExpressionSyntax? Argument(SeparatedSyntaxList<ArgumentSyntax> arguments, int position, string name)
    {
        foreach (ArgumentSyntax argument in arguments)
        {
            if (argument.NameColon?.Name.Identifier.ValueText == name)
            {
                return argument.Expression;
            }
        }

        return position < arguments.Count && arguments[position].NameColon is null ? arguments[position].Expression : null;
    }

    private static long? Constant(ExpressionSyntax expression, SemanticModel model, CancellationToken cancellationToken) =>
        model.GetConstantValue(expression, cancellationToken) is { HasValue: true, Value: int or short or byte or sbyte or ushort } constant
            ? Convert.ToInt64(constant.Value, CultureInfo.InvariantCulture)
            : null;

    private static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Shorten(string text)
    {
        text = text.Replace("\r", "").Replace("\n", " ");
        return text.Length <= 60 ? text : text.Substring(0, 57) + "...";
    }
}
