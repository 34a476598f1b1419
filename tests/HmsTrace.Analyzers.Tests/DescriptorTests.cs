using HmsTrace.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace HmsTrace.Analyzers.Tests;

public sealed class DescriptorTests
{
    private static readonly DiagnosticDescriptor[] Descriptors = [.. PolicyVerifier.Analyzers.SelectMany(a => a.SupportedDiagnostics)];

    private static readonly string RepositoryRoot = FindRepositoryRoot();

    [Test]
    public void Every_id_has_exactly_one_descriptor_and_analyzer_named_after_it()
    {
        Assert.That(Descriptors.Select(d => d.Id), Is.EquivalentTo(DiagnosticIds.All));
        foreach (var analyzer in PolicyVerifier.Analyzers)
        {
            Assert.That(analyzer.GetType().Name, Does.StartWith(analyzer.SupportedDiagnostics.Single().Id));
        }
    }

    [Test]
    public void Every_rule_is_enabled_and_an_error_except_the_two_performance_warnings()
    {
        foreach (var descriptor in Descriptors)
        {
            var expected = descriptor.Id is DiagnosticIds.HookAllocation or DiagnosticIds.HotPathSlowPattern
                ? DiagnosticSeverity.Warning
                : DiagnosticSeverity.Error;
            Assert.That(descriptor.DefaultSeverity, Is.EqualTo(expected), descriptor.Id);
            Assert.That(descriptor.IsEnabledByDefault, Is.True, descriptor.Id);
        }
    }

    [Test]
    public void Every_rule_links_to_its_documentation_page_and_the_page_exists()
    {
        foreach (var descriptor in Descriptors)
        {
            Assert.That(descriptor.HelpLinkUri, Is.EqualTo($"docs/analyzers/{descriptor.Id}.md"));
            Assert.That(File.Exists(Path.Combine(RepositoryRoot, descriptor.HelpLinkUri)), Is.True, descriptor.HelpLinkUri);
        }
    }

    [Test]
    public void Every_rule_is_listed_in_the_release_tracking_file()
    {
        var unshipped = File.ReadAllText(Path.Combine(RepositoryRoot, "analyzers", "HmsTrace.Analyzers", "AnalyzerReleases.Unshipped.md"));
        foreach (var descriptor in Descriptors)
        {
            Assert.That(unshipped, Does.Contain($"{descriptor.Id} | HmsTrace.Policy | {descriptor.DefaultSeverity} |"));
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "HmsTrace.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("HmsTrace.sln not found above " + AppContext.BaseDirectory);
    }
}
