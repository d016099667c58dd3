using System.Collections.Generic;
using GpuDsl.Generator.Diagnostics;
using GpuDsl.Generator.Mappings;
using GpuDsl.Generator.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GpuDsl.Generator.Analyzers;

/// <summary>
/// Statements, and the conditions that decide whether the code being visited runs: those around it (an <c>if</c>, a
/// loop's condition, a switch, the left side of <c>&amp;&amp;</c>), and those under which an earlier <c>return</c>,
/// <c>break</c> or <c>continue</c> left, which stand in front of everything after them up to the end of the method or
/// the loop. Code runs in every thread of a block when none of them depends on the thread.
/// </summary>
internal sealed partial class ThreadDependence
{
    private readonly List<Condition> _conditions = new();
    private readonly List<Condition> _exits = new();
    private readonly List<Frame> _frames = new();

    /// <summary>What a condition decides; messages describe it.</summary>
    private enum Place
    {
        Condition,
        Loop,
        ForEach,
        Switch,
    }

    public override Dependence VisitIfStatement(IfStatementSyntax node)
    {
        PushCondition(node.Condition, Place.Condition, Visit(node.Condition));
        int mark = _exits.Count;
        Visit(node.Statement);
        if (node.Else is { } otherwise)
        {
            // A return in one branch does not stand in front of the other.
            List<Condition> fromThen = TakeExits(mark);
            Visit(otherwise.Statement);
            _exits.AddRange(fromThen);
        }

        PopCondition();
        return Dependence.Uniform;
    }

    public override Dependence VisitWhileStatement(WhileStatementSyntax node)
    {
        EnterLoop(node, node.Condition, Place.Loop, Visit(node.Condition));
        Visit(node.Statement);
        LeaveLoop(node, node.Condition);
        return Dependence.Uniform;
    }

    public override Dependence VisitDoStatement(DoStatementSyntax node)
    {
        // The condition is visited first for what it depends on: every pass of the body after the first depends on it.
        EnterLoop(node, node.Condition, Place.Loop, Visit(node.Condition));
        Visit(node.Statement);
        LeaveLoop(node, node.Condition);
        return Dependence.Uniform;
    }

    public override Dependence VisitForStatement(ForStatementSyntax node)
    {
        Visit(node.Declaration);
        foreach (ExpressionSyntax initializer in node.Initializers)
        {
            Visit(initializer);
        }

        EnterLoop(node, node.Condition, Place.Loop, Visit(node.Condition));
        Visit(node.Statement);
        // The incrementors run in the threads still in the loop, after a continue and never after a break.
        RemoveExits(node, "continue");
        RemoveExits(node, "break");
        foreach (ExpressionSyntax incrementor in node.Incrementors)
        {
            Visit(incrementor);
        }

        LeaveLoop(node, node.Condition);
        return Dependence.Uniform;
    }

    public override Dependence VisitForEachStatement(ForEachStatementSyntax node)
    {
        Dependence collection = Visit(node.Expression);
        if (Declared(node) is { } variable)
        {
            Raise(variable, collection);
            NotAnIndex(variable);
        }

        EnterLoop(node, node.Expression, Place.ForEach, collection);
        Visit(node.Statement);
        LeaveLoop(node, node.Expression);
        return Dependence.Uniform;
    }

    public override Dependence VisitSwitchStatement(SwitchStatementSyntax node)
    {
        PushCondition(node.Expression, Place.Switch, Visit(node.Expression));
        _frames.Add(new Frame(node, _conditions.Count, IsLoop: false));
        int mark = _exits.Count;
        List<Condition> fromSections = new();
        foreach (SwitchSectionSyntax section in node.Sections)
        {
            Visit(section);
            fromSections.AddRange(TakeExits(mark));
        }

        _exits.AddRange(fromSections);
        _frames.RemoveAt(_frames.Count - 1);
        PopCondition();
        return Dependence.Uniform;
    }

    public override Dependence VisitReturnStatement(ReturnStatementSyntax node)
    {
        Visit(node.Expression);
        AddExits("return", 0, scope: null);
        return Dependence.Uniform;
    }

    public override Dependence VisitBreakStatement(BreakStatementSyntax node)
    {
        // A break in a switch only ends its section.
        if (_frames.Count > 0 && _frames[_frames.Count - 1] is { IsLoop: true } loop)
        {
            AddExits("break", loop.Depth, loop.Statement);
        }

        return Dependence.Uniform;
    }

    public override Dependence VisitContinueStatement(ContinueStatementSyntax node)
    {
        for (int i = _frames.Count - 1; i >= 0; i--)
        {
            if (_frames[i].IsLoop)
            {
                AddExits("continue", _frames[i].Depth, _frames[i].Statement);
                break;
            }
        }

        return Dependence.Uniform;
    }

    private void ReportBarrier(InvocationExpressionSyntax node)
    {
        FindLaunchTests(node, Variance.PerWarp, wholeGrid: false);
        if (Cause(Variance.PerWarp) is { } cause)
        {
            _diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.BarrierUnderThreadCondition, LocationInfo.From(node), Text(node), Reason(cause), cause.Dependence.Via));
        }
    }

    private void ReportGridBarrier(InvocationExpressionSyntax node)
    {
        FindLaunchTests(node, Variance.PerBlock, wholeGrid: true);
        if (Cause(Variance.PerBlock) is { } cause)
        {
            _diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.GridBarrierUnderCondition, LocationInfo.From(node), Text(node), Reason(cause), cause.Dependence.Via));
        }
    }

    private void ReportWarpCollective(InvocationExpressionSyntax node)
    {
        if (Cause(Variance.PerLane) is { } cause)
        {
            _diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.WarpCollectiveUnderLaneCondition, LocationInfo.From(node), Text(node), Reason(cause), cause.Dependence.Via));
        }
    }

    /// <summary>
    /// A call of a device method: every one is a callee whose collectives the caller reaches; one made where not every
    /// thread of the grid may be is reported if the callee synchronises.
    /// </summary>
    private void RecordDeviceCall(InvocationExpressionSyntax node, IMethodSymbol method)
    {
        _deviceCallees.Add(method.OriginalDefinition);
        FindLaunchTests(node, method);
        if (Cause(Variance.PerBlock) is not { } grid)
        {
            return;
        }

        Condition? block = Cause(Variance.PerWarp);
        Condition? lane = Cause(Variance.PerLane);
        _divergentCalls.Add(new DivergentCall(
            method.OriginalDefinition, Text(node), node, block is null ? "" : Reason(block), block?.Dependence.Via ?? "",
            lane is null ? "" : Reason(lane), lane?.Dependence.Via ?? "", Reason(grid), grid.Dependence.Via));
    }

    /// <summary>The nearest condition in front of the code being visited that varies at least as <paramref name="variance"/> says.</summary>
    private Condition? Cause(Variance variance)
    {
        for (int i = _conditions.Count - 1; i >= 0; i--)
        {
            if (_conditions[i].Dependence.Variance >= variance)
            {
                return _conditions[i];
            }
        }

        for (int i = _exits.Count - 1; i >= 0; i--)
        {
            if (_exits[i].Dependence.Variance >= variance)
            {
                return _exits[i];
            }
        }

        return null;
    }

    /// <summary>
    /// How much whether the code being visited runs differs between threads: what a local assigned here learns. A
    /// thread-dependent <c>return</c> before this point does not count: the threads it took out never read the local again,
    /// so the loop counter after <c>if (i &gt;= n) return;</c> stays the same in every thread that runs on (a barrier there
    /// is still reported, naming the return). A <c>break</c> or <c>continue</c> does count: threads that left a loop early
    /// hold other values after it.
    /// </summary>
    private Dependence ControlDependence()
    {
        Dependence result = Dependence.Uniform;
        foreach (Condition condition in _conditions)
        {
            result = Dependence.Max(result, condition.Dependence);
        }

        foreach (Condition exit in _exits)
        {
            if (exit.Jump != "return")
            {
                result = Dependence.Max(result, exit.Dependence);
            }
        }

        return result;
    }

    /// <summary>Where the code is, for a message: <c>is under the condition 'tid &lt; s' (line 12)</c>.</summary>
    private static string Reason(Condition condition)
    {
        string place = condition.Place switch
        {
            Place.Loop => "in a loop with the condition",
            Place.ForEach => "in a loop over",
            Place.Switch => "in a switch on",
            _ => "under the condition",
        };
        string where = $"{place} '{Text(condition.Node)}' (line {Line(condition.Node)})";
        return condition.Jump.Length == 0 ? "is " + where : $"follows a '{condition.Jump}' {where}";
    }

    private void EnterLoop(StatementSyntax loop, ExpressionSyntax? condition, Place place, Dependence dependence)
    {
        if (condition is not null)
        {
            PushCondition(condition, place, dependence);
        }

        _frames.Add(new Frame(loop, _conditions.Count, IsLoop: true));
    }

    /// <summary>After a loop the threads that left it early are back: its breaks and continues stand in front of nothing more.</summary>
    private void LeaveLoop(StatementSyntax loop, ExpressionSyntax? condition)
    {
        _frames.RemoveAt(_frames.Count - 1);
        if (condition is not null)
        {
            PopCondition();
        }

        RemoveExits(loop, "break");
        RemoveExits(loop, "continue");
    }

    private void PushCondition(SyntaxNode node, Place place, Dependence dependence) => _conditions.Add(new Condition(node, place, AtLaunch(node, dependence)));

    private void PopCondition() => _conditions.RemoveAt(_conditions.Count - 1);

    /// <summary>A jump leaves under every condition around it inside what it leaves (the method, or the loop from <paramref name="from"/> on).</summary>
    private void AddExits(string jump, int from, StatementSyntax? scope)
    {
        for (int i = from; i < _conditions.Count; i++)
        {
            _exits.Add(_conditions[i] with { Jump = jump, Scope = scope });
        }
    }

    private List<Condition> TakeExits(int mark)
    {
        mark = System.Math.Min(mark, _exits.Count);
        List<Condition> taken = _exits.GetRange(mark, _exits.Count - mark);
        _exits.RemoveRange(mark, taken.Count);
        return taken;
    }

    private void RemoveExits(StatementSyntax loop, string jump) => _exits.RemoveAll(e => e.Scope == loop && e.Jump == jump);

    private void ResetControl()
    {
        _conditions.Clear();
        _exits.Clear();
        _frames.Clear();
    }

    /// <summary>
    /// A condition that decides whether the code being visited runs: one around it, or, with a <see cref="Jump"/>, one
    /// under which an earlier <c>return</c>, <c>break</c> or <c>continue</c> left (<see cref="Scope"/>: the loop left,
    /// or null for a return).
    /// </summary>
    private sealed record Condition(SyntaxNode Node, Place Place, Dependence Dependence, string Jump = "", StatementSyntax? Scope = null);

    /// <summary>A loop or switch that a break or continue leaves, and how many conditions were around its body.</summary>
    private readonly record struct Frame(StatementSyntax Statement, int Depth, bool IsLoop);
}
