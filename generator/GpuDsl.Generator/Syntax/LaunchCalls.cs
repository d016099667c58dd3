using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GpuDsl.Generator.Syntax;

/// <summary>
/// Calls of a kernel class's launcher, <c>Kernels.Launch(grid, block)</c>: the generator reads them for the generic
/// instances they need, the launch-limit analyzer (GPU0028) for their grid and block. The launcher is generated, so the
/// compilation the generator sees cannot bind such a call: it is recognised by its name and the type it is called on.
/// </summary>
internal static class LaunchCalls
{
    /// <summary>A method called on the result of a launch: <c>Kernels.Launch(grid, block).Add(a, b, c)</c>.</summary>
    public static bool IsLaunchedKernel(SyntaxNode node) =>
        node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: InvocationExpressionSyntax launch } } &&
        IsLaunch(launch);

    /// <summary>The syntax filter: a call of a method named <c>Launch</c> with arguments.</summary>
    public static bool IsLaunch(SyntaxNode node) =>
        node is InvocationExpressionSyntax { ArgumentList.Arguments.Count: > 0 } call &&
        call.Expression switch
        {
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText == KnownNames.LaunchMethod,
            IdentifierNameSyntax name => name.Identifier.ValueText == KnownNames.LaunchMethod,
            _ => false,
        };

    /// <summary>
    /// The type whose generated launcher <paramref name="call"/> (a <c>Launch(...)</c>) calls: its receiver, or for a bare
    /// <c>Launch(...)</c> the innermost type around it that declares kernels; <see langword="null"/> when none does.
    /// </summary>
    public static INamedTypeSymbol? LauncherType(InvocationExpressionSyntax call, SemanticModel model, CancellationToken cancellationToken)
    {
        if (call.Expression is MemberAccessExpressionSyntax access)
        {
            return model.GetSymbolInfo(access.Expression, cancellationToken).Symbol is INamedTypeSymbol type && HasKernels(type) ? type : null;
        }

        for (INamedTypeSymbol? type = model.GetEnclosingSymbol(call.SpanStart, cancellationToken)?.ContainingType; type is not null; type = type.ContainingType)
        {
            if (HasKernels(type))
            {
                return type;
            }
        }

        return null;
    }

    private static bool HasKernels(INamedTypeSymbol type) =>
        type.GetMembers().OfType<IMethodSymbol>().Any(m => KnownNames.IsKernel(m));
}
