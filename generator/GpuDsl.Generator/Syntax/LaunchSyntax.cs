using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GpuDsl.Generator.Syntax;

/// <summary>
/// What a launch looks like before anything is bound: the generated launcher does not exist in the compilation the
/// generator sees, so the pipeline finds launches by their shape, on edited files only, and binds only what matches.
/// </summary>
internal static class LaunchSyntax
{
    /// <summary>A call of a method named <c>Launch</c> with arguments: <c>Kernels.Launch(grid, block)</c>, or <c>Launch(...)</c> inside the type.</summary>
    public static bool IsLaunch(SyntaxNode node) =>
        node is InvocationExpressionSyntax { ArgumentList.Arguments.Count: > 0 } call &&
        call.Expression switch
        {
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText == KnownNames.LaunchMethod,
            IdentifierNameSyntax name => name.Identifier.ValueText == KnownNames.LaunchMethod,
            _ => false,
        };

    /// <summary>A method called on the result of a launch: <c>Kernels.Launch(grid, block).Add(a, b, c)</c>.</summary>
    public static bool IsLaunchedKernel(SyntaxNode node) =>
        node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: InvocationExpressionSyntax launch } } &&
        IsLaunch(launch);
}
