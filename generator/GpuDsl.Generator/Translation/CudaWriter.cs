using System.Text;

namespace GpuDsl.Generator.Translation;

/// <summary>
/// Writes indented CUDA text with <c>\n</c> endings, and <c>#line</c> directives that map each statement back to its C#
/// line. A directive is written only where the next line would otherwise be attributed to the wrong C# line.
/// </summary>
internal sealed class CudaWriter
{
    private readonly StringBuilder _text = new();
    private readonly string _file;
    private int _indent;
    private int _nextLine = -1;

    public CudaWriter(string file, int indent = 0)
    {
        _file = file;
        _indent = indent;
    }

    /// <summary>Says that the next line written comes from C# line <paramref name="line"/> (1-based).</summary>
    public void MapTo(int line)
    {
        if (line != _nextLine)
        {
            _text.Append("#line ").Append(line).Append(" \"").Append(_file).Append("\"\n");
            _nextLine = line;
        }
    }

    public void Line(string text)
    {
        _text.Append(' ', _indent * 4).Append(text).Append('\n');
        if (_nextLine >= 0)
        {
            _nextLine++;
        }
    }

    public void Indent() => _indent++;

    public void Outdent() => _indent--;

    public override string ToString() => _text.ToString();
}
