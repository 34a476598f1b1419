using HmsTrace.Scripting.Tests.Infrastructure;

namespace HmsTrace.Scripting.Tests;

public sealed class PolicyScriptLoaderTests
{
    private const string Policy = "using HmsTrace.Policy;\npublic sealed class Cached : PlacementPolicy { }\n";

    [Test]
    public void A_second_load_of_an_unchanged_script_comes_from_the_disk_cache_without_compiling()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("cached.csx", Policy);
        var options = new PolicyLoaderOptions { CacheDirectory = dir.File("cache") };

        var first = new PolicyScriptLoader(options);
        var cold = first.Load(path);
        var second = new PolicyScriptLoader(options);
        var warm = second.Load(path);

        Assert.That((cold.FromCache, first.Compilations), Is.EqualTo((false, 1)));
        Assert.That((warm.FromCache, second.Compilations), Is.EqualTo((true, 0)));
        Assert.That(warm.CacheKey, Is.EqualTo(cold.CacheKey));
        Assert.That(warm.Create().Inner.GetType().Name, Is.EqualTo("Cached"));
    }

    [Test]
    public void A_changed_script_is_compiled_again()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("cached.csx", Policy);
        var options = new PolicyLoaderOptions { CacheDirectory = dir.File("cache") };
        var before = new PolicyScriptLoader(options).Load(path);

        File.WriteAllText(path, Policy + "// changed\n");
        var loader = new PolicyScriptLoader(options);
        var after = loader.Load(path);

        Assert.That(after.FromCache, Is.False);
        Assert.That(loader.Compilations, Is.EqualTo(1));
        Assert.That(after.Sha256, Is.Not.EqualTo(before.Sha256));
    }

    [Test]
    public void A_tampered_cache_entry_is_checked_again_and_recompiled()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("cached.csx", Policy);
        var options = new PolicyLoaderOptions { CacheDirectory = dir.File("cache") };
        var key = new PolicyScriptLoader(options).Load(path).CacheKey;

        File.WriteAllBytes(Path.Combine(options.CacheDirectory, key + ".dll"), [1, 2, 3]);
        var loader = new PolicyScriptLoader(options);
        var reloaded = loader.Load(path);

        Assert.That((reloaded.FromCache, loader.Compilations), Is.EqualTo((false, 1)));
    }

    [Test]
    public void The_content_hash_is_the_SHA_256_of_the_script_bytes()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("cached.csx", Policy);

        var script = new PolicyScriptLoader(new PolicyLoaderOptions { UseCache = false }).Load(path);

        Assert.That(script.Sha256, Is.EqualTo(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)))));
        Assert.That(script.Name, Is.EqualTo("cached"));
    }

    [Test]
    public void A_rejected_script_lists_its_diagnostics_in_the_compiler_format()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("bad.csx", "using HmsTrace.Policy;\npublic sealed class Bad : PlacementPolicy\n{\n    public override void OnEpoch(EpochContext context) { System.GC.Collect(); }\n}\n");

        var e = Assert.Throws<PolicyScriptException>(() => new PolicyScriptLoader(new PolicyLoaderOptions { UseCache = false }).Load(path));

        Assert.That(e!.Diagnostics.Select(d => d.ToString()), Has.Some.Match(@"bad\.csx\(4,58\): error HMS0001: "));
    }

    [Test]
    public void Describe_lists_the_declared_parameters_with_defaults_and_ranges()
    {
        var loader = new PolicyScriptLoader(new PolicyLoaderOptions { UseCache = false });
        var script = loader.Load(Path.Combine(Replays.PoliciesFolder, "hot-promote.csx"));

        var parameters = script.DescribeParameters(Replays.CpuGpu());

        Assert.That(parameters.Select(p => p.Name), Is.EqualTo(new[] { "hot_per_page", "min_age_ms", "cold_age_ms", "quota_mib" }));
        Assert.That((parameters[0].DefaultValue, parameters[0].Minimum, parameters[0].Maximum), Is.EqualTo(("2", (long?)1, (long?)1_000_000)));
    }
}
