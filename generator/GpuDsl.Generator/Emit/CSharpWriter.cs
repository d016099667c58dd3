using System.Text;

namespace GpuDsl.Generator.Emit;

/// <summary>An indented writer for generated C#, with <c>\n</c> endings.</summary>
internal sealed class CSharpWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

    public void Line(string text = "")
    {
        if (text.Length > 0)
        {
            _text.Append(' ', _indent * 4).Append(text);
        }

        _text.Append('\n');
    }

    /// <summary>Appends <paramref name="text"/> and a line break as they are, without indenting: copied code keeps its own.</summary>
    public void Raw(string text) => _text.Append(text).Append('\n');

    public void Open(string header)
    {
        Line(header);
        Line("{");
        _indent++;
    }

    public void Close(string suffix = "")
    {
        _indent--;
        Line("}" + suffix);
    }

    /// <summary>
    /// The attribute on every type and member the generator adds, so that analyzers and coverage tools know the code is
    /// generated. The version is the generator assembly's, which changes only with a release.
    /// </summary>
    public static readonly string GeneratedCode =
        $"[global::System.CodeDom.Compiler.GeneratedCode(\"GpuDsl.Generator\", \"{typeof(CSharpWriter).Assembly.GetName().Version}\")]";

    /// <summary>A C# verbatim string literal holding <paramref name="text"/> exactly.</summary>
    public static string Verbatim(string text) => "@\"" + text.Replace("\"", "\"\"") + "\"";

    public override string ToString() => _text.ToString();
}
