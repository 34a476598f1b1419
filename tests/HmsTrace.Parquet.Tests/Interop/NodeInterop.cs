using System.Diagnostics;
using System.Text.Json;

namespace HmsTrace.Parquet.Tests.Interop;

/// <summary>
/// Installs the npm packages of the interop lane (npm ci, or npm install when ci refuses; only when node_modules is
/// missing or older than the lock file) and
/// runs interop.mjs. A missing node or npm fails the lane: independent readers are part of the test suite.
/// </summary>
[SetUpFixture]
public sealed class NodeInterop
{
    public static string Folder { get; private set; } = "";

    [OneTimeSetUp]
    public void InstallPackages()
    {
        Folder = FindInteropFolder();
        var version = Run("node", ["--version"], Folder, 60, out var output);
        if (version != 0)
        {
            Assert.Fail("The interop lane needs Node.js (v20 or later) on PATH to run DuckDB, parquet-wasm and hyparquet: " + output);
        }

        var lockFile = Path.Combine(Folder, "package-lock.json");
        var installed = Path.Combine(Folder, "node_modules", ".package-lock.json");
        if (!File.Exists(installed) || File.GetLastWriteTimeUtc(installed) < File.GetLastWriteTimeUtc(lockFile))
        {
            var rc = Run("npm", ["ci", "--no-audit", "--no-fund"], Folder, 600, out var npmOut);
            if (rc != 0)
            {
                // npm ci insists that every platform's optional DuckDB binding resolves; registry mirrors that carry
                // only this platform's binding make it refuse. npm install still follows the lock file's versions.
                rc = Run("npm", ["install", "--no-audit", "--no-fund", "--no-save"], Folder, 600, out var installOut);
                npmOut += installOut;
            }

            if (rc != 0)
            {
                Assert.Fail($"npm ci failed in {Folder} (exit {rc}); the interop lane needs the npm registry once:\n{npmOut}");
            }
        }
    }

    /// <summary>Runs interop.mjs on a manifest and returns its JSON result.</summary>
    public static JsonDocument RunManifest(object manifest, string workDirectory)
    {
        var manifestPath = Path.Combine(workDirectory, "manifest.json");
        var resultPath = Path.Combine(workDirectory, "result.json");
        File.WriteAllText(manifestPath, JsonSerializer.Serialize(manifest));
        var rc = Run("node", [Path.Combine(Folder, "interop.mjs"), manifestPath, resultPath], Folder, 600, out var output);
        if (rc != 0)
        {
            Assert.Fail($"node interop.mjs failed (exit {rc}):\n{output}");
        }

        return JsonDocument.Parse(File.ReadAllText(resultPath));
    }

    private static string FindInteropFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "HmsTrace.Parquet.Tests.csproj");
            if (File.Exists(candidate))
            {
                return Path.Combine(dir.FullName, "Interop");
            }
        }

        throw new InvalidOperationException("Cannot find the HmsTrace.Parquet.Tests project folder above " + AppContext.BaseDirectory);
    }

    private static int Run(string file, string[] args, string workingDirectory, int timeoutSeconds, out string output)
    {
        var psi = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        try
        {
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(timeoutSeconds * 1000))
            {
                p.Kill(entireProcessTree: true);
                output = $"{file} timed out after {timeoutSeconds} s";
                return -1;
            }

            output = stdout.Result + stderr.Result;
            return p.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            output = $"cannot start '{file}': {e.Message}";
            return -1;
        }
    }
}
