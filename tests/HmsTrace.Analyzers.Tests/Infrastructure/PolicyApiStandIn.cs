using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace HmsTrace.Analyzers.Tests.Infrastructure;

/// <summary>
/// A tiny stand-in for the policy API: the analyzers key on namespace and type names, so tests
/// compile against this instead of the real assembly.
/// </summary>
internal static class PolicyApiStandIn
{
    public const string Source = """
        namespace HmsTrace.Policy
        {
            public interface IRangeView
            {
                int Count { get; }
                long StartAt(int index);
                long AccessCountAt(int index);
            }

            public interface IMigrationPlan
            {
                void Migrate(long start, long length, int target);
            }

            public sealed class PolicyStopException : System.Exception
            {
            }

            public abstract class PlacementPolicy
            {
                public virtual void Initialize(int targetCount) { }
                public virtual int OnFirstTouch(long address, int initiator) => 0;
                public virtual int OnNonLocalAccess(long address, int initiator, int target) => target;
                public virtual int OnHint(long address, long length, int hint) => hint;
                public virtual void OnEpoch(long epoch, IRangeView ranges, IMigrationPlan plan) { }
                public virtual int OnPressure(int target, long deficitBytes) => -1;
                public virtual void OnUnmap(long start, long length) { }
                public virtual void OnRemap(long oldStart, long newStart, long length) { }
                public virtual void OnAccess(long address, int initiator, bool isWrite) { }
            }
        }
        """;

    private static readonly Lazy<ImmutableArray<MetadataReference>> FrameworkReferences = new(LoadFrameworkReferences);
    private static readonly Lazy<MetadataReference> ApiReference = new(CompileApi);

    /// <summary>The running framework's assemblies.</summary>
    public static ImmutableArray<MetadataReference> Framework => FrameworkReferences.Value;

    /// <summary>The stand-in API compiled to an in-memory assembly.</summary>
    public static MetadataReference Api => ApiReference.Value;

    private static ImmutableArray<MetadataReference> LoadFrameworkReferences()
    {
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return [.. paths
            .Where(path => Path.GetDirectoryName(path) == runtimeDirectory)
            .Order(StringComparer.Ordinal)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))];
    }

    private static MetadataReference CompileApi()
    {
        var compilation = CSharpCompilation.Create(
            "HmsTrace.Policy.StandIn",
            [CSharpSyntaxTree.ParseText(Source)],
            Framework,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        if (!result.Success)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, result.Diagnostics));
        }

        return MetadataReference.CreateFromImage(stream.ToArray());
    }
}
