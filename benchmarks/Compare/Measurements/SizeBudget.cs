namespace Compare.Measurements;

/// <summary>
/// Keeps a slow variant from running at sizes where it would take too long: it predicts the time of one run at the next
/// size from the last size measured (time grows as size^<see cref="CostExponent"/>) and says to skip that size, and every
/// larger one, when the prediction is over the budget. The first size always runs.
/// </summary>
/// <param name="budgetMilliseconds">The most a variant may spend at one size, warm-up and repetitions included.</param>
/// <param name="costExponent">How the work grows with the size: 1 for vector add, 3 for matmul.</param>
public sealed class SizeBudget(double budgetMilliseconds, double costExponent)
{
    private int _lastSize;
    private double _lastMilliseconds;
    private string? _skipped;

    /// <summary>How the work grows with the size.</summary>
    public double CostExponent => costExponent;

    /// <summary>
    /// The predicted time of one run at <paramref name="size"/> (null before the first measurement), or the reason to
    /// skip it.
    /// </summary>
    public bool Allows(int size, out double? predictedMilliseconds, out string skipReason)
    {
        predictedMilliseconds = _lastSize == 0 ? null : _lastMilliseconds * Math.Pow((double)size / _lastSize, costExponent);
        if (_skipped is null && predictedMilliseconds > budgetMilliseconds)
        {
            _skipped = $"skipped: about {predictedMilliseconds.Value / 1000:F0} s a run, over the {budgetMilliseconds / 1000:F0} s budget";
        }

        skipReason = _skipped ?? "";
        return _skipped is null;
    }

    /// <summary>Records the time of one run at <paramref name="size"/>, for the next prediction.</summary>
    public void Record(int size, double milliseconds)
    {
        _lastSize = size;
        _lastMilliseconds = milliseconds;
    }
}
