using System.Collections.Generic;
using System.Globalization;
using System.Text;
using GpuDsl.Generator.Models;

namespace GpuDsl.Generator.Translation;

/// <summary>
/// Checked mode's span index checks. A function is translated once, with each span index marked; the module, which
/// knows whether the compilation is checked, renders the marks either as nothing (today's <c>x[i]</c>) or as
/// <c>x[gpudsl_check(i, x_length, site)]</c>, numbering the sites across the module. So the checked setting is not
/// part of the per-method models and toggling it re-renders modules without translating any method again.
/// </summary>
/// <remarks>
/// A mark is <c>\u0001index\u0002length\u0002site\u0003</c>, the site being kind, function, file, line and dimension. The index may hold marks of its own (<c>a[b[i]]</c>); the
/// length (a name or a constant) and the site never do, so one left-to-right pass renders nested marks.
/// </remarks>
internal static class CudaIndexChecks
{
    private const char Open = '\u0001', Separator = '\u0002', Close = '\u0003', Field = '\u001F';

    /// <summary>
    /// An index marked for checking: <paramref name="index"/> into a span of <paramref name="length"/>, or, with a
    /// <paramref name="dimension"/> (<c>row</c> or <c>column</c>), one index of a 2D span and its rows or columns.
    /// </summary>
    public static string Mark(string index, string length, string function, bool isKernel, string file, int line, string dimension = "") =>
        $"{Open}{index}{Separator}{length}{Separator}{(isKernel ? "K" : "D")}{Field}{function}{Field}{file}{Field}{line.ToString(CultureInfo.InvariantCulture)}{Field}{dimension}{Close}";

    /// <summary>
    /// The CUDA text with its marks rendered: checked, each site (function and line) numbered in order of first
    /// appearance into <paramref name="sites"/>; unchecked, the plain index.
    /// </summary>
    public static string Render(string text, bool isChecked, List<CheckSiteModel> sites)
    {
        if (text.IndexOf(Open) < 0)
        {
            return text;
        }

        StringBuilder result = new(text.Length + 64);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == Open)
            {
                if (isChecked)
                {
                    result.Append("gpudsl_check(");
                }
            }
            else if (c == Separator)
            {
                int second = text.IndexOf(Separator, i + 1);
                int close = text.IndexOf(Close, second + 1);
                if (isChecked)
                {
                    string length = text.Substring(i + 1, second - i - 1);
                    int site = Site(text.Substring(second + 1, close - second - 1), sites);
                    result.Append(", ").Append(length).Append(", ").Append(site.ToString(CultureInfo.InvariantCulture)).Append(')');
                }

                i = close;
            }
            else
            {
                result.Append(c);
            }
        }

        return result.ToString();
    }

    private static int Site(string description, List<CheckSiteModel> sites)
    {
        string[] fields = description.Split(Field);
        CheckSiteModel site = new(fields[1], fields[0] == "K", fields[2], int.Parse(fields[3], CultureInfo.InvariantCulture), fields[4]);
        int id = sites.IndexOf(site);
        if (id < 0)
        {
            id = sites.Count;
            sites.Add(site);
        }

        return id;
    }
}
