namespace HmsTrace.Report.Tests.Infrastructure;

/// <summary>
/// Installs the npm packages of a folder the way the Parquet interop lane does: <c>npm ci</c>, or
/// <c>npm install --no-save</c> when ci refuses a lock file with other platforms' optional bindings; only when
/// node_modules is missing or older than the lock file. A missing node or npm fails the test: it is never skipped.
/// </summary>
internal static class NodePackages
{
    private static readonly object Gate = new();

    public static void EnsureInstalled(string folder)
    {
        lock (Gate)
        {
            var node = ProcessRunner.Run("node", ["--version"], folder, 60);
            if (node.ExitCode != 0)
            {
                Assert.Fail("The notebook SQL tests need Node.js (v20 or later) on PATH to run DuckDB: " + node.Output);
            }

            var lockFile = Path.Combine(folder, "package-lock.json");
            var installed = Path.Combine(folder, "node_modules", ".package-lock.json");
            if (File.Exists(installed) && File.GetLastWriteTimeUtc(installed) >= File.GetLastWriteTimeUtc(lockFile))
            {
                return;
            }

            var ci = ProcessRunner.Run("npm", ["ci", "--no-audit", "--no-fund"], folder, 600);
            if (ci.ExitCode == 0)
            {
                return;
            }

            var install = ProcessRunner.Run("npm", ["install", "--no-audit", "--no-fund", "--no-save"], folder, 600);
            if (install.ExitCode != 0)
            {
                Assert.Fail($"npm ci and npm install failed in {folder}; the notebook SQL tests need the npm registry once:\n{ci.Output}\n{install.Output}");
            }
        }
    }
}
