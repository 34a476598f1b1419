using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;
using System.Security.Cryptography;
using System.Text;
using HmsTrace.Analyzers;
using HmsTrace.Engine.Policies;
using HmsTrace.Policy;
using HmsTrace.Scripting.Checking;
using HmsTrace.Scripting.Compilation;

namespace HmsTrace.Scripting;

/// <summary>
/// Loads policy scripts (<c>.csx</c>): compiles them with fixed options, runs the HMS analyzers
/// fail-closed, injects fuel, checks the emitted IL against the allow-list, caches the image on
/// disk by content hash and loads it into a collectible <see cref="AssemblyLoadContext"/>. A script
/// loaded before (in this process or, through the cache, in an earlier one) is not recompiled.
/// Thread-safe.
/// </summary>
public sealed class PolicyScriptLoader
{
    private static readonly Lazy<string> LoaderIdentity = new(ComputeLoaderIdentity);

    private readonly PolicyLoaderOptions _options;
    private readonly PolicyCache _cache;
    private readonly ConcurrentDictionary<string, PolicyScript> _loaded = new(StringComparer.Ordinal);
    private int _compilations;

    /// <summary>Creates a loader.</summary>
    /// <param name="options">Cache folder and budgets; default <see cref="PolicyLoaderOptions"/>.</param>
    public PolicyScriptLoader(PolicyLoaderOptions? options = null)
    {
        _options = options ?? new PolicyLoaderOptions();
        _cache = new PolicyCache(_options.CacheDirectory);
    }

    /// <summary>How many scripts this loader compiled (cache and in-process hits do not count).</summary>
    public int Compilations => Volatile.Read(ref _compilations);

    /// <summary>The options.</summary>
    public PolicyLoaderOptions Options => _options;

    /// <summary>Whether <paramref name="nameOrPath"/> names a policy script rather than a built-in policy.</summary>
    public static bool IsScriptPath(string nameOrPath) =>
        nameOrPath is not null && nameOrPath.EndsWith(".csx", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Checks and loads a script; never throws for problems of the script itself: they are in the
    /// result's diagnostics. Throws <see cref="InputException"/> when the file cannot be read.
    /// </summary>
    /// <param name="path">The script path; diagnostics show it as given.</param>
    /// <param name="cancellationToken">Cancels compilation.</param>
    public PolicyCheckResult Check(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw InputException.In(path, $"cannot read the policy script: {e.Message}");
        }

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var key = CacheKey(bytes);
        if (_loaded.TryGetValue(key + "|" + path, out var known))
        {
            return new PolicyCheckResult(path, known.Warnings, known);
        }

        byte[] image;
        string typeName;
        List<PolicyDiagnostic> warnings;
        var fromCache = false;
        if (_options.UseCache && _cache.TryRead(key, path, out image, out typeName, out warnings)
            && CachedImageIsClean(image))
        {
            fromCache = true;
        }
        else
        {
            Interlocked.Increment(ref _compilations);
            var source = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false).GetString(bytes);
            if (source.Length > 0 && source[0] == '\uFEFF')
            {
                source = source[1..];
            }

            var compiled = PolicyCompiler.Compile(path, source, "HmsTracePolicy_" + key[..16], cancellationToken);
            if (compiled.Image is null)
            {
                return new PolicyCheckResult(path, compiled.Diagnostics, null);
            }

            image = compiled.Image;
            typeName = compiled.PolicyTypeName!;
            warnings = [.. compiled.Diagnostics];
            if (_options.UseCache)
            {
                _cache.Write(key, image, typeName, warnings);
            }
        }

        var context = new AssemblyLoadContext("hmstrace-policy:" + Path.GetFileName(path), isCollectible: true);
        Type? type;
        using (var stream = new MemoryStream(image, writable: false))
        {
            type = context.LoadFromStream(stream).GetType(typeName, throwOnError: false);
        }

        if (type is null || !typeof(PlacementPolicy).IsAssignableFrom(type) || type.GetConstructor(BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes) is null)
        {
            context.Unload();
            return new PolicyCheckResult(path, [.. warnings, new PolicyDiagnostic(path, 1, 1, PolicyDiagnosticSeverity.Error, PolicyCompiler.LoaderId, $"the policy class {typeName} needs a public parameterless constructor", PolicyCheckLayer.Loader)], null);
        }

        var script = new PolicyScript(path, sha256, key, fromCache, type, context, warnings, _options.Budget);
        _loaded[key + "|" + path] = script;
        return new PolicyCheckResult(path, warnings, script);
    }

    // A cached image is checked again (cheap) so a tampered cache cannot smuggle code past the IL check.
    private static bool CachedImageIsClean(byte[] image)
    {
        try
        {
            return AssemblyChecker.Check([.. image], PolicyReferences.AssemblyNames).Count == 0;
        }
        catch (Exception e) when (e is BadImageFormatException or ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Checks and loads a script, or throws <see cref="PolicyScriptException"/> listing why it was rejected.</summary>
    /// <param name="path">The script path.</param>
    /// <param name="cancellationToken">Cancels compilation.</param>
    public PolicyScript Load(string path, CancellationToken cancellationToken = default)
    {
        var result = Check(path, cancellationToken);
        return result.Script ?? throw new PolicyScriptException(path, result.Diagnostics);
    }

    /// <summary>The cache key of a script: SHA-256 of its bytes, the API version and the loader version.</summary>
    /// <param name="scriptBytes">The script's bytes.</param>
    public static string CacheKey(ReadOnlySpan<byte> scriptBytes)
    {
        var identity = Encoding.UTF8.GetBytes("\n" + LoaderIdentity.Value);
        var all = new byte[scriptBytes.Length + identity.Length];
        scriptBytes.CopyTo(all);
        identity.CopyTo(all, scriptBytes.Length);
        return Convert.ToHexStringLower(SHA256.HashData(all));
    }

    // The policy API, the engine's meter, the analyzers, this loader and the compiler: a change to
    // any of them (a new build has a new module version id) invalidates cached policies.
    private static string ComputeLoaderIdentity()
    {
        var assemblies = new[]
        {
            typeof(PlacementPolicy).Assembly, typeof(HmsTrace.Topology.TargetKind).Assembly, typeof(MeteredPolicy).Assembly,
            typeof(DiagnosticIds).Assembly, typeof(PolicyScriptLoader).Assembly, typeof(Microsoft.CodeAnalysis.CSharp.CSharpCompilation).Assembly,
        };
        var text = new StringBuilder("hmstrace-policy-loader/1");
        foreach (var assembly in assemblies)
        {
            text.Append('\n').Append(assembly.GetName().Name).Append(' ').Append(assembly.ManifestModule.ModuleVersionId.ToString("N"));
        }

        return text.ToString();
    }
}
