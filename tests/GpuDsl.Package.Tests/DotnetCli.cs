using System.Diagnostics;
using System.Text;

namespace GpuDsl.Package.Tests;

/// <summary>What one <c>dotnet</c> command did: its command line, exit code, and stdout and stderr interleaved.</summary>
internal sealed record DotnetResult(string Command, int ExitCode, string Output)
{
    /// <summary>Fails the test unless the command succeeded, with everything it printed.</summary>
    public DotnetResult AssertSucceeded()
    {
        Assert.True(ExitCode == 0, $"`{Command}` exited with {ExitCode}. Its output:\n{Output}");
        return this;
    }
}

/// <summary>
/// Runs the dotnet CLI the way a user would, from the <c>dotnet</c> on PATH. Build servers are off, so no MSBuild node
/// or compiler server outlives a test (one would also hold the output pipes open), and the MSBuild variables that
/// <c>dotnet test</c> sets for its own build are removed, so the child picks its SDK as in a fresh shell.
/// </summary>
internal static class DotnetCli
{
    private static readonly Lazy<string?> s_executable = new(Find);

    /// <summary>The <c>dotnet</c> on PATH; skips the test when there is none.</summary>
    public static string Executable
    {
        get
        {
            Assert.SkipWhen(s_executable.Value is null, "No dotnet executable on PATH: these tests run the .NET CLI.");
            return s_executable.Value!;
        }
    }

    public static DotnetResult Run(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] arguments) =>
        Run(workingDirectory, environment, TimeSpan.FromMinutes(5), arguments);

    public static DotnetResult Run(string workingDirectory, IReadOnlyDictionary<string, string>? environment, TimeSpan timeout, params string[] arguments)
    {
        ProcessStartInfo start = new(Executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (string name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToArray())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        string command = "dotnet " + string.Join(" ", arguments) + $"  (in {workingDirectory})";
        StringBuilder output = new();
        using Process process = new() { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"`{command}` did not finish within {timeout.TotalMinutes:F0} minutes. Its output so far:\n{Snapshot(output)}");
        }

        process.WaitForExit(); // drains the asynchronous readers
        return new DotnetResult(command, process.ExitCode, Snapshot(output));
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.Append(line).Append('\n');
        }
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static string? Find()
    {
        string name = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        return (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory.Trim('"'), name))
            .FirstOrDefault(File.Exists);
    }
}
