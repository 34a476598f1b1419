namespace HmsTrace.Report.Tests.Infrastructure;

/// <summary>Folders of the repository and of this test project.</summary>
internal static class TestPaths
{
    /// <summary>The folder holding HmsTrace.Report.Tests.csproj.</summary>
    public static string ProjectFolder { get; } = FindProjectFolder();

    /// <summary>The repository root (two levels above the project folder).</summary>
    public static string RepositoryRoot => Path.GetFullPath(Path.Combine(ProjectFolder, "..", ".."));

    /// <summary>Where tests leave files for people to look at (screenshots, reports): bin/&lt;config&gt;/&lt;tfm&gt;/artifacts.</summary>
    public static string Artifacts
    {
        get
        {
            var dir = Path.Combine(AppContext.BaseDirectory, "artifacts");
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    public static string Notebook(string name) => Path.Combine(RepositoryRoot, "notebooks", name);

    private static string FindProjectFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HmsTrace.Report.Tests.csproj")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find the HmsTrace.Report.Tests project folder above " + AppContext.BaseDirectory);
    }
}
