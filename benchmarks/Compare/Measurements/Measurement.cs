namespace Compare.Measurements;

/// <summary>The time of one variant at one size, or why there is none.</summary>
/// <param name="VariantId">The <see cref="Variant.Id"/>.</param>
/// <param name="Size">The problem size: elements for vector add, the side n of the n x n matrices for matmul.</param>
/// <param name="Milliseconds">The median time of one run, or <see langword="null"/> when the variant did not run.</param>
/// <param name="Samples">How many timed samples the median is of (0 when it did not run).</param>
/// <param name="Status"><c>ok</c>, <c>WRONG</c> (the result disagreed with the reference), or why it did not run, e.g.
/// <c>skipped: about 40 s a run</c>.</param>
public sealed record Measurement(string VariantId, int Size, double? Milliseconds, int Samples, string Status)
{
    /// <summary>The status of a variant that ran and whose result agreed with the reference.</summary>
    public const string Ok = "ok";

    /// <summary>The status of a variant whose result disagreed with the reference.</summary>
    public const string Wrong = "WRONG";

    /// <summary>A variant that did not run, with the reason.</summary>
    public static Measurement NotRun(string variantId, int size, string reason) => new(variantId, size, null, 0, reason);

    /// <summary>A variant that ran: its timing, and whether its result agreed with the reference.</summary>
    public static Measurement Ran(string variantId, int size, Timing timing, bool correct) =>
        new(variantId, size, timing.Milliseconds, timing.Samples, correct ? Ok : Wrong);
}
