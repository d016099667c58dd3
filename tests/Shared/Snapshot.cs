using System.Runtime.CompilerServices;
using System.Text;

namespace GpuDsl.Testing;

/// <summary>
/// A small Verify-style snapshot check. The expected text lives in the source tree, by default beside the test as
/// <c>Snapshots/{Class}.{Method}#{Name}.verified.{ext}</c>. A mismatch writes <c>.received.{ext}</c> next to it and fails
/// with a diff. Set <c>GPUDSL_ACCEPT_SNAPSHOTS=1</c> to accept what was received instead (and remove the received file).
/// </summary>
internal static class Snapshot
{
    public const string AcceptVariable = "GPUDSL_ACCEPT_SNAPSHOTS";

    public static void Verify(
        string actual, string extension, string? name = null,
        [CallerFilePath] string callerFile = "", [CallerMemberName] string method = "")
    {
        string directory = Path.Combine(Path.GetDirectoryName(callerFile)!, "Snapshots");
        string stem = $"{Path.GetFileNameWithoutExtension(callerFile)}.{method}{(name is null ? "" : "#" + name)}";
        VerifyFile(actual, Path.Combine(directory, $"{stem}.verified.{extension}"));
    }

    /// <summary>Checks <paramref name="actual"/> against the snapshot file <paramref name="verified"/>, which must be named <c>*.verified.*</c>.</summary>
    public static void VerifyFile(string actual, string verified)
    {
        string directory = Path.GetDirectoryName(verified)!;
        string received = Path.Combine(directory, Path.GetFileName(verified).Replace(".verified.", ".received.", StringComparison.Ordinal));
        actual = actual.Replace("\r\n", "\n");

        string? expected = File.Exists(verified) ? File.ReadAllText(verified).Replace("\r\n", "\n") : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }

        if (Environment.GetEnvironmentVariable(AcceptVariable) is "1" or "true")
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(verified, actual);
            File.Delete(received);
            return;
        }

        Directory.CreateDirectory(directory);
        File.WriteAllText(received, actual);
        string message = expected is null
            ? $"No snapshot {Path.GetFileName(verified)} yet. Received:\n{actual}"
            : $"Snapshot {Path.GetFileName(verified)} differs:\n{Diff(expected, actual)}";
        Assert.Fail($"{message}\nWrote {received}. Set {AcceptVariable}=1 to accept it.");
    }

    /// <summary>A line diff: the changed lines with a few of context, '-' expected and '+' received.</summary>
    internal static string Diff(string expected, string actual)
    {
        string[] a = expected.Split('\n');
        string[] b = actual.Split('\n');
        int[,] lcs = new int[a.Length + 1, b.Length + 1];
        for (int i = a.Length - 1; i >= 0; i--)
        {
            for (int j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        List<string> lines = new();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                lines.Add($"  {a[x]}");
                x++;
                y++;
            }
            else if (y < b.Length && (x == a.Length || lcs[x, y + 1] >= lcs[x + 1, y]))
            {
                lines.Add($"+ {b[y++]}");
            }
            else
            {
                lines.Add($"- {a[x++]}");
            }
        }

        StringBuilder diff = new();
        for (int i = 0; i < lines.Count; i++)
        {
            bool near = false;
            for (int k = Math.Max(0, i - 2); k <= Math.Min(lines.Count - 1, i + 2); k++)
            {
                near |= lines[k][0] != ' ';
            }

            if (near)
            {
                diff.Append(i + 1).Append(": ").Append(lines[i]).Append('\n');
            }
        }

        return diff.ToString();
    }
}
