using System.Text;

namespace GpuDsl.Fuzz.Tests;

/// <summary>
/// Writes one random kernel as C# source: statements and expressions over every scalar type, all inside
/// <c>unchecked</c>, and only code whose result C# defines for every input (no division by zero or by -1, no
/// <c>Math.Abs(int.MinValue)</c>, no <c>Math.Sign(NaN)</c>, no reversed <c>Clamp</c> bounds). NaN bits that
/// depend on the hardware are kept out of integer results: a float becomes bits only through
/// <c>IsNaN(v) ? NaN : v</c>, and so does the sign argument of <c>CopySign</c> and <c>IsNegative</c>.
/// </summary>
/// <remarks>The statements are here; the expressions in <c>KernelWriter.Expressions.cs</c>.</remarks>
internal sealed partial class KernelWriter
{
    private const int MaxNesting = 2;

    private readonly Random _random;
    private readonly int _index;
    private readonly KernelProfile _profile;
    private readonly StringBuilder _text = new();
    private readonly List<List<Variable>> _scopes = [];
    private int _indent;
    private int _nextName;
    private (string Name, ScalarType Return, ScalarType P, ScalarType Q)? _helper;
    private (string Name, ScalarType A, ScalarType B)? _struct;

    private KernelWriter(Random random, int index, KernelProfile profile)
    {
        _random = random;
        _index = index;
        _profile = profile;
    }

    /// <summary>The kernel number <paramref name="index"/> of the run with <paramref name="seed"/>.</summary>
    public static GeneratedKernel Write(int seed, int index, KernelProfile profile)
    {
        KernelWriter writer = new(GeneratedKernel.RandomFor(seed, index, 0), index, profile);
        return writer.WriteKernel(seed);
    }

    private GeneratedKernel WriteKernel(int seed)
    {
        ScalarType a = AnyType(), b = AnyType(), result = AnyType();
        string k = $"K{_index}";
        Line($"// GpuDsl fuzz: seed {seed}, kernel {_index}");
        Line("using System;");
        Line("using System.Numerics;");
        Line("using GpuDsl;");
        Line("");
        if (Enabled("struct") && Chance(0.4))
        {
            _struct = ($"P{_index}", AnyNumericType(), AnyNumericType());
            (string name, ScalarType fa, ScalarType fb) = _struct.Value;
            Line($"public struct {name}");
            Open();
            Line($"public {fa} A;");
            Line($"public {fb} B;");
            Line($"public {name}({fa} a, {fb} b) {{ A = a; B = b; }}");
            Close();
            Line("");
        }

        Line($"public static partial class {k}");
        Open();
        if (Enabled("device-call") && Chance(0.5))
        {
            WriteHelper();
        }

        Line("[Device]");
        Line($"public static {result} F({a} x, {b} y)");
        WriteBody([new Variable("x", a, true), new Variable("y", b, true)], result, _random.Next(3, 7));
        Line("");
        Line("[Kernel]");
        Line($"public static void Run(ReadOnlySpan<{a}> a, ReadOnlySpan<{b}> b, Span<{result}> o)");
        Open();
        Line("int i = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;");
        Line("if (i < o.Length) o[i] = F(a[i], b[i]);");
        Close();
        Line("");
        Line($"public static void Reference(ReadOnlySpan<{a}> a, ReadOnlySpan<{b}> b, Span<{result}> o)");
        Open();
        Line("for (int i = 0; i < o.Length; i++) o[i] = F(a[i], b[i]);");
        Close();
        Close();
        return new GeneratedKernel(seed, _index, _text.ToString(), a, b, result);
    }

    private void WriteHelper()
    {
        ScalarType result = AnyNumericType(), p = AnyType(), q = AnyType();
        Line("[Device]");
        Line($"public static {result} G({p} p, {q} q)");
        WriteBody([new Variable("p", p, true), new Variable("q", q, true)], result, _random.Next(0, 3));
        Line("");
        _helper = ("G", result, p, q);
    }

    private void WriteBody(Variable[] parameters, ScalarType result, int statements)
    {
        Open();
        Line("unchecked");
        Open();
        _scopes.Add([.. parameters]);
        for (int s = 0; s < statements; s++)
        {
            Statement(0);
        }

        Line($"return {Expression(result, 3)};");
        _scopes.RemoveAt(_scopes.Count - 1);
        Close();
        Close();
    }

    private void Statement(int nesting)
    {
        int choice = _random.Next(100);
        switch (choice)
        {
            case < 30:
                Declare();
                return;
            case < 45 when Assignable() is { } target:
                Line($"{target.Name} = {Expression(target.Type, 2 + _random.Next(2))};");
                return;
            case < 60 when Assignable() is { } target:
                CompoundAssignment(target);
                return;
            case < 65 when Assignable(v => v.Type.Kind != ScalarKind.Bool) is { } target:
                Line(Pick([$"{target.Name}++;", $"{target.Name}--;", $"++{target.Name};", $"--{target.Name};"]));
                return;
            case < 75 when nesting < MaxNesting:
                If(nesting);
                return;
            case < 82 when nesting < MaxNesting:
                Loop(nesting);
                return;
            case < 87 when nesting < MaxNesting && Enabled("switch-statement") && Visible(v => v.Type.IsInteger && v.Type.Bits <= 32) is { } on:
                Switch(on, nesting);
                return;
            case < 92 when Enabled("struct") && _struct is { } s:
                string name = NewName("s");
                Line(Chance(0.5)
                    ? $"{s.Name} {name} = new {s.Name} {{ A = {Expression(s.A, 2)}, B = {Expression(s.B, 2)} }};"
                    : $"{s.Name} {name} = new {s.Name}({Expression(s.A, 2)}, {Expression(s.B, 2)});");
                Add(new Variable(name + ".A", s.A, true));
                Add(new Variable(name + ".B", s.B, true));
                return;
            case < 96 when Enabled("tuple") && Assignable() is { } first && Assignable(v => v.Type == first.Type && v != first) is { } second:
                Line($"({first.Name}, {second.Name}) = ({second.Name}, {first.Name});");
                return;
            case < 100 when Enabled("tuple"):
                ScalarType t1 = AnyType(), t2 = AnyType();
                string n1 = NewName("v"), n2 = NewName("v");
                Line($"var ({n1}, {n2}) = (({t1})({Expression(t1, 2)}), ({t2})({Expression(t2, 2)}));");
                Add(new Variable(n1, t1, true));
                Add(new Variable(n2, t2, true));
                return;
            default:
                Declare();
                return;
        }
    }

    private void Declare()
    {
        ScalarType type = AnyType();
        string name = NewName("v");
        Line($"{type} {name} = {Expression(type, 2 + _random.Next(2))};");
        Add(new Variable(name, type, true));
    }

    private void CompoundAssignment(Variable target)
    {
        ScalarType t = target.Type;
        List<string> forms = [];
        switch (t.Kind)
        {
            case ScalarKind.Bool:
                forms.AddRange(["&=", "|=", "^="]);
                break;
            case ScalarKind.Integer:
                forms.AddRange(["+=", "-=", "*=", "&=", "|=", "^=", "<<=", ">>="]);
                if (Enabled("unsigned-shift-assignment"))
                {
                    forms.Add(">>>=");
                }

                if (Divisor(t) is not null)
                {
                    forms.AddRange(["/=", "%="]);
                }

                break;
            default:
                forms.AddRange(["+=", "-=", "*=", "/=", "%="]);
                break;
        }

        string op = Pick(forms);
        string value = op switch
        {
            "<<=" or ">>=" or ">>>=" => Expression(ScalarType.Int, 2),
            "/=" or "%=" when t.IsInteger => Divisor(t)!,
            _ => Expression(t, 2),
        };
        Line($"{target.Name} {op} {value};");
    }

    private void If(int nesting)
    {
        Line($"if ({Expression(ScalarType.Bool, 2)})");
        Block(nesting + 1, _random.Next(1, 4));
        if (Chance(0.5))
        {
            Line("else");
            Block(nesting + 1, _random.Next(1, 3));
        }
    }

    private void Loop(int nesting)
    {
        string counter = NewName("k");
        int trips = _random.Next(1, 5);
        string kind = Enabled("while") ? Pick(["for", "for", "while", "do"]) : "for";
        if (kind == "for")
        {
            Line($"for (int {counter} = 0; {counter} < {trips}; {counter}++)");
        }
        else
        {
            Line($"int {counter} = 0;");
            Line(kind == "while" ? $"while ({counter} < {trips})" : "do");
        }

        Open();
        _scopes.Add([new Variable(counter, ScalarType.Int, false)]);
        for (int s = _random.Next(1, 4); s > 0; s--)
        {
            Statement(nesting + 1);
        }

        // A while loop counts at the end of its body, so only a for loop may skip the rest with continue.
        if (Chance(0.3))
        {
            Line($"if ({Expression(ScalarType.Bool, 2)}) {(kind != "for" || Chance(0.5) ? "break" : "continue")};");
            Statement(nesting + 1);
        }

        if (kind != "for")
        {
            Line($"{counter}++;");
        }

        _scopes.RemoveAt(_scopes.Count - 1);
        _indent--;
        Line(kind == "do" ? $"}} while ({counter} < {trips});" : "}");
    }

    private void Switch(Variable on, int nesting)
    {
        int[] labels = DistinctSmall(3, on.Type.Signed ? -3 : 0, 6);
        Line($"switch ({on.Name})");
        Open();
        Line($"case {labels[0]}:");
        Section(nesting);
        Line($"case {labels[1]}:");
        Line($"case {labels[2]}:");
        Section(nesting);
        Line("default:");
        Section(nesting);
        Close();
    }

    private void Section(int nesting)
    {
        Open();
        _scopes.Add([]);
        for (int s = _random.Next(1, 3); s > 0; s--)
        {
            Statement(nesting + 1);
        }

        Line("break;");
        _scopes.RemoveAt(_scopes.Count - 1);
        Close();
    }

    private void Block(int nesting, int statements)
    {
        Open();
        _scopes.Add([]);
        for (int s = 0; s < statements; s++)
        {
            Statement(nesting);
        }

        _scopes.RemoveAt(_scopes.Count - 1);
        Close();
    }

    private bool Enabled(string construct) => !_profile.Disabled.Contains(construct);

    private bool Chance(double p) => _random.NextDouble() < p;

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private ScalarType AnyType() => Pick(ScalarType.All);

    private ScalarType AnyNumericType() => Pick(ScalarType.Numeric);

    private string NewName(string prefix) => $"{prefix}{_nextName++}";

    private void Add(Variable variable) => _scopes[^1].Add(variable);

    private IEnumerable<Variable> InScope => _scopes.SelectMany(s => s);

    private Variable? Visible(Func<Variable, bool> where)
    {
        List<Variable> found = InScope.Where(where).ToList();
        return found.Count == 0 ? null : Pick(found);
    }

    private Variable? Assignable(Func<Variable, bool>? where = null) => Visible(v => v.Assignable && (where is null || where(v)));

    private int[] DistinctSmall(int count, int low, int high)
    {
        List<int> values = Enumerable.Range(low, high - low).ToList();
        return Enumerable.Range(0, count).Select(_ =>
        {
            int at = _random.Next(values.Count);
            int value = values[at];
            values.RemoveAt(at);
            return value;
        }).ToArray();
    }

    private void Open()
    {
        Line("{");
        _indent++;
    }

    private void Close()
    {
        _indent--;
        Line("}");
    }

    private void Line(string text) => _text.Append(' ', text.Length == 0 ? 0 : 4 * _indent).Append(text).Append('\n');

    /// <summary>A parameter, local, loop counter or struct field that expressions may read.</summary>
    private sealed record Variable(string Name, ScalarType Type, bool Assignable);
}

/// <summary>Which constructs the kernel writer may use: all of them unless named in <see cref="Disabled"/>.</summary>
internal sealed record KernelProfile(IReadOnlySet<string> Disabled)
{
    public static readonly KernelProfile Everything = new(new HashSet<string>());
}
