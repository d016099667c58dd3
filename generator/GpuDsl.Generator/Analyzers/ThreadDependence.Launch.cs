using System.Collections.Generic;
using System.Linq;
using System.Threading;
using GpuDsl.Generator.Diagnostics;
using GpuDsl.Generator.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GpuDsl.Generator.Analyzers;

/// <summary>
/// Kernels that rely on their exact launch, as ported CUDA samples do: instead of warning (GPU0027, GPU0030, GPU0037)
/// about code that is right for some launches and wrong for others, the launcher tests the launch when the code says
/// exactly what it needs (<see cref="LaunchAssumptions"/>). A barrier whose thread-dependent conditions are all such
/// comparisons is analysed again with them taken as the same in every thread of a block (of the grid, for a grid
/// barrier), which the launch test then makes true: what was computed under them stops varying too (the loop counter
/// inside <c>if (tid &lt; size) { ... }</c>). A call of a <c>[Device]</c> method that reaches a barrier counts as the
/// barrier. All or nothing: when a barrier warning remains, the kernel keeps every
/// warning and gets no test. An unguarded global index into a span parameter, in code every thread runs, becomes a test
/// that the launch has at most as many threads in x as the span has elements.
/// </summary>
internal sealed partial class ThreadDependence
{
    /// <summary>Most analyses of one kernel, each taking more conditions as tested at launch.</summary>
    private const int MaxLaunchRounds = 4;

    private LaunchAssumptions? _assumptions;

    /// <summary>Conditions taken as deciding alike in every thread of a block, because the launcher tests that.</summary>
    private HashSet<SyntaxNode> _testedAtLaunch = new();

    /// <summary>The conditions found in front of barriers that the launcher could test, and what it would test.</summary>
    private readonly Dictionary<SyntaxNode, LaunchRequirementModel> _launchTestable = new();

    /// <summary>The unguarded accesses every thread makes, tested at launch instead of reported.</summary>
    private readonly Dictionary<SyntaxNode, LaunchRequirementModel> _launchIndexes = new();

    /// <summary>Calls of <c>[Device]</c> methods that reach a barrier: one left among the divergent calls is a barrier warning left.</summary>
    private readonly HashSet<SyntaxNode> _barrierCalls = new();

    /// <summary>What the launcher tests before each launch of this kernel, in source order.</summary>
    public IReadOnlyList<LaunchRequirementModel> LaunchRequirements { get; private set; } = new List<LaunchRequirementModel>();

    /// <summary>The analysis again, with the launch-testable conditions of barrier warnings taken as tested, until none is left.</summary>
    private static ThreadDependence WithLaunchTests(ThreadDependence first, SemanticModel model, MethodDeclarationSyntax method, CancellationToken cancellationToken)
    {
        ThreadDependence current = first;
        for (int round = 0; round < MaxLaunchRounds && current._launchTestable.Keys.Any(c => !current._testedAtLaunch.Contains(c)); round++)
        {
            ThreadDependence next = Analyze(model, method, cancellationToken, new HashSet<SyntaxNode>(current._testedAtLaunch.Concat(current._launchTestable.Keys)));
            foreach (KeyValuePair<SyntaxNode, LaunchRequirementModel> earlier in current._launchTestable)
            {
                next._launchTestable[earlier.Key] = Stronger(earlier.Value, next._launchTestable.TryGetValue(earlier.Key, out LaunchRequirementModel? now) ? now : null);
            }

            current = next;
        }

        bool barrierWarningsLeft = current._diagnostics.Any(d =>
                d.Descriptor.Id == DiagnosticDescriptors.BarrierUnderThreadCondition.Id || d.Descriptor.Id == DiagnosticDescriptors.GridBarrierUnderCondition.Id) ||
            current._divergentCalls.Any(c => current._barrierCalls.Contains(c.Call));
        if (current == first || barrierWarningsLeft)
        {
            first.LaunchRequirements = first._launchIndexes.OrderBy(i => i.Key.SpanStart).Select(i => i.Value).ToList();
            return first;
        }

        current.LaunchRequirements = current._launchTestable.Where(c => current._testedAtLaunch.Contains(c.Key))
            .Concat(current._launchIndexes)
            .OrderBy(c => c.Key.SpanStart)
            .Select(c => c.Value)
            .ToList();
        return current;
    }

    private static LaunchRequirementModel Stronger(LaunchRequirementModel a, LaunchRequirementModel? b) =>
        b is not null && b.WholeGrid && !a.WholeGrid ? b : a;

    /// <summary>A condition's dependence as the walk sees it: none for one the launcher tests.</summary>
    private Dependence AtLaunch(SyntaxNode condition, Dependence dependence) =>
        _testedAtLaunch.Contains(condition) ? Dependence.Uniform : dependence;

    /// <summary>Records the conditions in front of a barrier that vary as <paramref name="variance"/> says and that the launcher could test.</summary>
    private void FindLaunchTests(InvocationExpressionSyntax barrier, Variance variance, bool wholeGrid)
    {
        if (_assumptions is null)
        {
            return;
        }

        foreach (Condition condition in _conditions.Concat(_exits))
        {
            if (condition.Dependence.Variance >= variance && condition.Place == Place.Condition &&
                _assumptions.ForCondition(condition.Node, wholeGrid, Reason(condition), $"'{Text(barrier)}' (line {Line(barrier)})") is { } test)
            {
                // The first barrier a condition stands in front of names it; a grid barrier's test is the stronger.
                _launchTestable[condition.Node] = _launchTestable.TryGetValue(condition.Node, out LaunchRequirementModel? known) ? Stronger(known, test) : test;
            }
        }
    }

    /// <summary>A call of a <c>[Device]</c> method that reaches a barrier: its conditions need the tests a barrier here would.</summary>
    private void FindLaunchTests(InvocationExpressionSyntax call, IMethodSymbol method)
    {
        if (_assumptions?.BarriersReached(method) is not (var block, var grid) || !(block || grid))
        {
            return;
        }

        FindLaunchTests(call, grid ? Variance.PerBlock : Variance.PerWarp, wholeGrid: grid);
        _barrierCalls.Add(call);
    }

    /// <summary>Whether an unguarded access is in code every thread runs, and so tested at launch instead of reported.</summary>
    private bool TestedAtLaunch(ElementAccessExpressionSyntax access, IParameterSymbol span, ExpressionSyntax index)
    {
        if (_assumptions is null || _conditions.Count > 0 || _exits.Count > 0 ||
            _assumptions.ForAccess(access, span, index, $"'{Text(access)}' (line {Line(access)})") is not { } test)
        {
            return false;
        }

        _launchIndexes[access] = test;
        return true;
    }
}
