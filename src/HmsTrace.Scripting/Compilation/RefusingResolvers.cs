using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace HmsTrace.Scripting.Compilation;

/// <summary>A <c>#load</c> resolver that resolves nothing: a policy is one file.</summary>
internal sealed class RefusingSourceResolver : SourceReferenceResolver
{
    public static readonly RefusingSourceResolver Instance = new();

    public override bool Equals(object? other) => other is RefusingSourceResolver;

    public override int GetHashCode() => 1;

    public override string? NormalizePath(string path, string? baseFilePath) => null;

    public override Stream OpenRead(string resolvedPath) => throw new NotSupportedException("policies cannot #load files");

    public override string? ResolveReference(string path, string? baseFilePath) => null;
}

/// <summary>A <c>#r</c> resolver that resolves nothing: a policy references only the policy API.</summary>
internal sealed class RefusingMetadataResolver : MetadataReferenceResolver
{
    public static readonly RefusingMetadataResolver Instance = new();

    public override bool ResolveMissingAssemblies => false;

    public override bool Equals(object? other) => other is RefusingMetadataResolver;

    public override int GetHashCode() => 2;

    public override ImmutableArray<PortableExecutableReference> ResolveReference(string reference, string? baseFilePath, MetadataReferenceProperties properties) => [];
}
