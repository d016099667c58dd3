using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace GeneratorBench;

/// <summary>The times of one scenario's repetitions, and what the generator regenerated in each.</summary>
/// <param name="Name">What was timed.</param>
/// <param name="Milliseconds">One time per repetition, warm-ups excluded.</param>
/// <param name="Counts">One per repetition, in the same order.</param>
internal sealed record Timing(string Name, double[] Milliseconds, StepCounts[] Counts);

/// <summary>
/// The generator runs being timed. Only <c>RunGenerators</c> is inside the stopwatch: parsing the edited file and
/// making the new compilation are the compiler's work, done before, as the IDE does them whatever generators exist.
/// </summary>
internal sealed class Scenarios(SyntheticProject project, int warmups, int repetitions)
{
    private readonly CSharpCompilation _compilation = GeneratorSession.Compile(project.Sources());

    /// <summary>
    /// (a) A new driver over newly parsed files, nothing bound yet: a first build, or the IDE opening the project.
    /// </summary>
    public Timing Full(out double firstMs)
    {
        firstMs = -1;
        List<double> times = new();
        List<StepCounts> counts = new();
        for (int run = 0; run < warmups + repetitions; run++)
        {
            Compilation fresh = GeneratorSession.Compile(project.Sources());
            GeneratorDriver driver = GeneratorSession.CreateDriver();
            Settle();
            long start = Stopwatch.GetTimestamp();
            driver = driver.RunGenerators(fresh);
            double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (run == 0)
            {
                firstMs = ms;
            }

            if (run >= warmups)
            {
                times.Add(ms);
                counts.Add(GeneratorSession.Counts(driver));
            }
        }

        return new Timing("full", times.ToArray(), counts.ToArray());
    }

    /// <summary>
    /// (b) to (d) One-line edits of file <paramref name="file"/>, each a new revision, each run on the driver of the
    /// run before, as the IDE runs generators after a keystroke.
    /// </summary>
    public Timing Edit(string name, SyntheticProject.Edit edit, int file)
    {
        GeneratorDriver driver = GeneratorSession.CreateDriver().RunGenerators(_compilation);
        Compilation current = _compilation;
        SyntaxTree tree = current.SyntaxTrees.Single(t => t.FilePath == SyntheticProject.PathOf(file));
        List<double> times = new();
        List<StepCounts> counts = new();
        for (int revision = 1; revision <= warmups + repetitions; revision++)
        {
            SourceText text = tree.GetText();
            SyntaxTree edited = tree.WithChangedText(text.WithChanges(SyntheticProject.Change(text, edit, revision)));
            edited.GetRoot(); // the incremental parse, outside the timing
            Compilation next = current.ReplaceSyntaxTree(tree, edited);
            Settle();
            long start = Stopwatch.GetTimestamp();
            driver = driver.RunGenerators(next);
            double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (revision > warmups)
            {
                times.Add(ms);
                counts.Add(GeneratorSession.Counts(driver));
            }

            (current, tree) = (next, edited);
        }

        return new Timing(name, times.ToArray(), counts.ToArray());
    }

    /// <summary>Collects the garbage of earlier runs, so a run pays for its own collections only.</summary>
    private static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
