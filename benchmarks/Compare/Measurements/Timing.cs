namespace Compare.Measurements;

/// <summary>A median time of one run and how many timed samples it is the median of.</summary>
/// <param name="Milliseconds">The median, in milliseconds per run.</param>
/// <param name="Samples">The number of timed samples.</param>
public readonly record struct Timing(double Milliseconds, int Samples);
