using System.Globalization;
using Compare.Measurements;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace Compare.Reporting;

/// <summary>
/// A benchmark's chart as a PNG: time per run against size on log-log axes, one line per variant that ran (CPU
/// baselines dashed, cuBLAS black), the legend to the right.
/// </summary>
public static class Charts
{
    private const int Width = 1200, Height = 650;

    /// <summary>
    /// Why charts cannot be drawn here, or null when they can: SkiaSharp's native library must load, and it must find a
    /// font (the build without dependencies reads font files from /usr/share/fonts and draws no text without one).
    /// </summary>
    public static string? WhyUnavailable()
    {
        try
        {
            return SkiaSharp.SKFontManager.Default.FontFamilyCount > 0
                ? null
                : "no fonts were found (SkiaSharp looks in /usr/share/fonts), so the charts would have no text";
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException)
        {
            return $"SkiaSharp's native library did not load ({e.GetBaseException().Message})";
        }
    }

    /// <summary>Draws <paramref name="results"/> and saves the PNG at <paramref name="path"/>.</summary>
    public static void Save(BenchmarkResults results, string path)
    {
        Plot plot = new();
        plot.Font.Set(SansSerif());
        foreach (Variant variant in results.Variants)
        {
            Measurement[] ran = results.Measurements.Where(m => m.VariantId == variant.Id && m.Milliseconds > 0).ToArray();
            if (ran.Length == 0)
            {
                continue;
            }

            var line = plot.Add.Scatter(
                ran.Select(m => Math.Log10(m.Size)).ToArray(), ran.Select(m => Math.Log10(m.Milliseconds!.Value)).ToArray());
            line.LegendText = variant.Legend;
            line.LineWidth = 2;
            line.MarkerSize = 7;
            if (variant.IsCpuBaseline) line.LinePattern = LinePattern.Dashed;
            if (variant.Id == MatMulBenchmark.Cublas.Id) line.Color = Colors.Black;
        }

        plot.Title($"{results.Title}\nGPU columns: {results.Device}");
        plot.XLabel($"{results.SizeName}, log scale");
        plot.YLabel("time per run (ms), log scale");

        NumericManual sizes = new();
        foreach (int n in results.Sizes)
        {
            sizes.AddMajor(Math.Log10(n), SizeLabel(n));
        }

        plot.Axes.Bottom.TickGenerator = sizes;
        plot.Axes.Left.TickGenerator = new NumericAutomatic
        {
            MinorTickGenerator = new LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = y => Math.Pow(10, y).ToString("#,0.##########", CultureInfo.InvariantCulture),
        };
        plot.Grid.MajorLineColor = Colors.Black.WithOpacity(0.15);
        plot.Grid.MinorLineColor = Colors.Black.WithOpacity(0.05);
        plot.Grid.MinorLineWidth = 1;
        plot.ShowLegend(Edge.Right);
        plot.SavePng(path, Width, Height);
    }

    // ScottPlot's own guess can land on a serif face; a plain sans-serif reads better at small sizes.
    private static string SansSerif()
    {
        foreach (string family in (string[])["DejaVu Sans", "Liberation Sans", "Noto Sans", "Arial", "Helvetica"])
        {
            using SkiaSharp.SKTypeface? face = SkiaSharp.SKFontManager.Default.MatchFamily(family);
            if (face?.FamilyName == family) return family;
        }

        return Fonts.Sans;
    }

    // Powers of ten as 10³ (the vector sizes); anything else, like the matrix sides, as the number.
    private static string SizeLabel(int n)
    {
        int exponent = (int)Math.Round(Math.Log10(n));
        if (exponent >= 2 && Math.Pow(10, exponent) == n)
        {
            return "10" + string.Concat(exponent.ToString(CultureInfo.InvariantCulture).Select(d => "⁰¹²³⁴⁵⁶⁷⁸⁹"[d - '0']));
        }

        return n.ToString("N0", CultureInfo.InvariantCulture);
    }
}
