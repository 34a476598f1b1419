using System.Collections.Immutable;
using HmsTrace.Policy;
using HmsTrace.Topology;
using Microsoft.CodeAnalysis;

namespace HmsTrace.Scripting.Compilation;

/// <summary>
/// The only assemblies a policy compiles against: the policy API (and the topology model it
/// exposes) and a minimal set of the runtime's own assemblies (core library, its facades, the
/// collections and LINQ). Loaded once per process and shared; thread-safe.
/// </summary>
internal static class PolicyReferences
{
    private static readonly string[] RuntimeAssemblies =
    [
        "System.Private.CoreLib", "System.Runtime", "System.Collections", "System.Linq", "System.Collections.Immutable", "System.Memory",
    ];

    private static readonly Lazy<(ImmutableArray<MetadataReference> References, ImmutableHashSet<string> Names)> Set = new(Build);

    /// <summary>The metadata references.</summary>
    public static ImmutableArray<MetadataReference> References => Set.Value.References;

    /// <summary>The simple names of the referenced assemblies: the only ones emitted code may reference.</summary>
    public static ImmutableHashSet<string> AssemblyNames => Set.Value.Names;

    private static (ImmutableArray<MetadataReference>, ImmutableHashSet<string>) Build()
    {
        var trusted = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var byName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in trusted)
        {
            byName.TryAdd(Path.GetFileNameWithoutExtension(path), path);
        }

        var references = ImmutableArray.CreateBuilder<MetadataReference>();
        var names = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        foreach (var name in RuntimeAssemblies)
        {
            var path = byName.TryGetValue(name, out var p) ? p : throw new InvalidOperationException($"runtime assembly {name} not found; the policy loader needs the shared framework");
            references.Add(MetadataReference.CreateFromFile(path));
            names.Add(name);
        }

        foreach (var assembly in new[] { typeof(PlacementPolicy).Assembly, typeof(TargetKind).Assembly })
        {
            references.Add(MetadataReference.CreateFromFile(assembly.Location));
            names.Add(assembly.GetName().Name!);
        }

        return (references.ToImmutable(), names.ToImmutable());
    }
}
