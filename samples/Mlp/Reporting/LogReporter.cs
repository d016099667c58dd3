using Spectre.Console;

namespace Mlp.Reporting;

/// <summary>Plain output for logs: only the loss lines, no progress bar.</summary>
public sealed class LogReporter(IAnsiConsole console) : ITrainingReporter
{
    /// <inheritdoc/>
    public void EpochStarted(int epoch, int batches)
    {
    }

    /// <inheritdoc/>
    public void BatchCompleted(int epoch, int batch)
    {
    }

    /// <inheritdoc/>
    public void LossReported(int epoch, int batch, double loss) => console.WriteLine(ReportFormat.LossLine(epoch, batch, loss));
}
