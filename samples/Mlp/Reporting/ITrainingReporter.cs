namespace Mlp.Reporting;

/// <summary>Receives the progress of training as it happens.</summary>
public interface ITrainingReporter
{
    /// <summary>An epoch (numbered from 1) of <paramref name="batches"/> mini-batches begins.</summary>
    void EpochStarted(int epoch, int batches);

    /// <summary>Mini-batch <paramref name="batch"/> (from 1) has been queued.</summary>
    void BatchCompleted(int epoch, int batch);

    /// <summary>The mean loss of the mini-batches since the last report, ending with <paramref name="batch"/>.</summary>
    void LossReported(int epoch, int batch, double loss);
}

/// <summary>Formats what the reporters print.</summary>
public static class ReportFormat
{
    /// <summary>The PyTorch example's loss line: <c>[1,   100] loss: 0.123</c>.</summary>
    public static string LossLine(int epoch, int batch, double loss) =>
        FormattableString.Invariant($"[{epoch}, {batch,5}] loss: {loss:F3}");
}
