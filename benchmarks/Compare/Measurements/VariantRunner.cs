namespace Compare.Measurements;

/// <summary>
/// Runs variants size after size: each keeps its own <see cref="SizeBudget"/>, so a variant that would take too long at
/// a size is skipped there and above, and each finished measurement is reported as it happens.
/// </summary>
/// <param name="benchmark">The benchmark's name, for the progress lines.</param>
/// <param name="budgetMilliseconds">The most one variant may spend at one size.</param>
/// <param name="costExponent">How the work grows with the size: 1 for vector add, 3 for matmul.</param>
/// <param name="log">Receives a <c>RESULT</c> line per measurement.</param>
public sealed class VariantRunner(string benchmark, double budgetMilliseconds, double costExponent, Action<string> log)
{
    private readonly Dictionary<string, SizeBudget> _budgets = new();

    /// <summary>
    /// Measures <paramref name="variant"/> at <paramref name="size"/> unless its budget says to skip, then asks
    /// <paramref name="check"/> whether the result it left behind is right.
    /// </summary>
    /// <param name="variant">The variant.</param>
    /// <param name="size">The size.</param>
    /// <param name="measure">Times the variant, given the predicted time of one run (null at the first size).</param>
    /// <param name="check">Compares the variant's result with the reference.</param>
    public Measurement Run(Variant variant, int size, Func<double?, Timing> measure, Func<bool> check)
    {
        if (!_budgets.TryGetValue(variant.Id, out SizeBudget? budget))
        {
            _budgets[variant.Id] = budget = new SizeBudget(budgetMilliseconds, costExponent);
        }

        if (!budget.Allows(size, out double? predicted, out string skipReason))
        {
            return Report(Measurement.NotRun(variant.Id, size, skipReason));
        }

        Timing timing = measure(predicted);
        budget.Record(size, timing.Milliseconds);
        return Report(Measurement.Ran(variant.Id, size, timing, check()));
    }

    /// <summary>Records that <paramref name="variant"/> does not run at <paramref name="size"/>, and why.</summary>
    public Measurement Skip(Variant variant, int size, string reason) => Report(Measurement.NotRun(variant.Id, size, reason));

    private Measurement Report(Measurement m)
    {
        string time = m.Milliseconds is double ms ? FormattableString.Invariant($"{ms:F4}") : "-";
        log($"RESULT benchmark={benchmark} variant={m.VariantId} n={m.Size} ms={time} status={m.Status}");
        return m;
    }
}
