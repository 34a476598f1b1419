using System.Reflection;
using System.Runtime.Loader;
using HmsTrace.Engine.Policies;
using HmsTrace.Policy;
using HmsTrace.Topology;

namespace HmsTrace.Scripting;

/// <summary>
/// A checked, compiled policy script loaded into its own collectible load context. Create one
/// metered instance per replay with <see cref="Create"/>; the hot path then calls the policy object
/// directly. Thread-safe: instances are independent.
/// </summary>
public sealed class PolicyScript
{
    private readonly Type _policyType;

    internal PolicyScript(string path, string sha256, string cacheKey, bool fromCache, Type policyType, AssemblyLoadContext context, IReadOnlyList<PolicyDiagnostic> warnings, FuelBudget budget)
    {
        Path = path;
        Name = System.IO.Path.GetFileNameWithoutExtension(path);
        FileName = System.IO.Path.GetFileName(path);
        Sha256 = sha256;
        CacheKey = cacheKey;
        FromCache = fromCache;
        _policyType = policyType;
        LoadContext = context;
        Warnings = warnings;
        Budget = budget;
    }

    /// <summary>The script path as given.</summary>
    public string Path { get; }

    /// <summary>The policy's name: the file name without <c>.csx</c>.</summary>
    public string Name { get; }

    /// <summary>The file name, as fault messages show it.</summary>
    public string FileName { get; }

    /// <summary>Lowercase hex SHA-256 of the script's bytes (the <c>policy_sha256</c> of a run).</summary>
    public string Sha256 { get; }

    /// <summary>The compiled-policy cache key (source, API and loader versions).</summary>
    public string CacheKey { get; }

    /// <summary>Whether the compiled assembly came from the on-disk cache (no compilation).</summary>
    public bool FromCache { get; }

    /// <summary>The policy class's full name.</summary>
    public string PolicyTypeName => _policyType.FullName ?? _policyType.Name;

    /// <summary>The collectible context the policy assembly lives in.</summary>
    public AssemblyLoadContext LoadContext { get; }

    /// <summary>Warnings of the checks (errors would have rejected the script).</summary>
    public IReadOnlyList<PolicyDiagnostic> Warnings { get; }

    /// <summary>The default limits of <see cref="Create"/>.</summary>
    public FuelBudget Budget { get; }

    /// <summary>Creates a fresh metered policy instance (its constructor runs metered).</summary>
    /// <param name="budget">Limits; default <see cref="Budget"/>.</param>
    /// <exception cref="HmsTrace.Engine.PolicyFaultException">The constructor faulted or ran out of fuel.</exception>
    public MeteredPolicy Create(FuelBudget? budget = null) => MeteredPolicy.Create(NewInstance, FileName, budget ?? Budget);

    /// <summary>
    /// The parameters the policy declares in <c>Initialize</c> (run with defaults on
    /// <paramref name="machine"/>), for <c>hmstrace check --describe</c>.
    /// </summary>
    /// <param name="machine">A topology to initialise against.</param>
    public IReadOnlyList<PolicyParameter> DescribeParameters(MachineTopology machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        var policy = Create();
        var binding = machine.Bind(policy.ObjectVersions);
        var setup = new PolicySetup(new PolicyTopology(binding), new Dictionary<string, string>(), 1);
        policy.Initialize(setup);
        return [.. setup.DeclaredParameters];
    }

    private PlacementPolicy NewInstance() =>
        (PlacementPolicy)Activator.CreateInstance(_policyType, BindingFlags.Public | BindingFlags.Instance | BindingFlags.DoNotWrapExceptions, null, null, null)!;
}
