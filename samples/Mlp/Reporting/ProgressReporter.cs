using Spectre.Console;

namespace Mlp.Reporting;

/// <summary>A progress bar per epoch, with the loss lines printed above the bars as they come.</summary>
public sealed class ProgressReporter(ProgressContext progress, IAnsiConsole console) : ITrainingReporter
{
    private ProgressTask? _epoch;

    /// <summary>Runs <paramref name="training"/> inside a live progress display on <paramref name="console"/>.</summary>
    public static void Run(IAnsiConsole console, Action<ITrainingReporter> training) =>
        console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(
                new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context => training(new ProgressReporter(context, console)));

    /// <inheritdoc/>
    public void EpochStarted(int epoch, int batches)
    {
        _epoch?.StopTask();
        _epoch = progress.AddTask($"epoch {epoch}", maxValue: batches);
    }

    /// <inheritdoc/>
    public void BatchCompleted(int epoch, int batch)
    {
        if (_epoch is null) return;
        _epoch.Value = batch;
        if (batch >= _epoch.MaxValue) _epoch.StopTask();
    }

    /// <inheritdoc/>
    public void LossReported(int epoch, int batch, double loss) => console.WriteLine(ReportFormat.LossLine(epoch, batch, loss));
}
