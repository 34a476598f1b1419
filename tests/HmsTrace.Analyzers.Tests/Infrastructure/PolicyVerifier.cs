using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace HmsTrace.Analyzers.Tests.Infrastructure;

/// <summary>
/// Compiles policy source with every HmsTrace analyzer and compares the HMS diagnostics, with
/// exact spans and suppression state, against the markup.
/// </summary>
internal static class PolicyVerifier
{
    public const string PolicyHeader = """
        using System;
        using System.Collections.Generic;
        using HmsTrace.Policy;

        """;

    public static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = [.. typeof(DiagnosticIds).Assembly.GetTypes()
        .Where(type => type.IsSubclassOf(typeof(DiagnosticAnalyzer)) && !type.IsAbstract)
        .OrderBy(type => type.Name, StringComparer.Ordinal)
        .Select(type => (DiagnosticAnalyzer)Activator.CreateInstance(type)!)];

    /// <summary>Wraps members in a sealed policy class (after <see cref="PolicyHeader"/>).</summary>
    public static string InPolicy(string members) => PolicyHeader + """
        public sealed class TestPolicy : PlacementPolicy
        {

        """ + members + """

        }

        """;

    /// <summary>Asserts the HMS diagnostics of <paramref name="markup"/> are exactly the marked ones.</summary>
    public static async Task VerifyAsync(string markup, PolicyCompileOptions? options = null)
    {
        options ??= new PolicyCompileOptions();
        var parsed = Markup.Parse(markup);
        var result = await AnalyzeAsync(parsed.Source, options);
        var text = SourceText.From(parsed.Source);
        var expected = parsed.Expected
            .Select(e => Format(e.Id, text.Lines.GetLinePositionSpan(e.Span), e.Suppressed))
            .Concat(options.ExpectedWithoutLocation.Select(id => id + " (no location)"))
            .ToList();
        var actual = result.PolicyDiagnostics.Select(Describe).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(actual, Is.EquivalentTo(expected), () => "HMS diagnostics (id line:col-line:col):" + Environment.NewLine
                + string.Join(Environment.NewLine, result.PolicyDiagnostics.Select(d => "  " + d)));
            if (!options.AllowCompilerErrors)
            {
                Assert.That(result.CompilerErrors.Select(d => d.ToString()), Is.Empty, "compiler errors");
            }
        });
    }

    public static async Task<PolicyAnalysisResult> AnalyzeAsync(string source, PolicyCompileOptions options)
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.Preview, kind: options.Kind);
        var tree = CSharpSyntaxTree.ParseText(source, parseOptions, path: options.Path);
        var references = PolicyApiStandIn.Framework.Add(PolicyApiStandIn.Api);
        var compilationOptions = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: NullableContextOptions.Enable,
            allowUnsafe: true,
            specificDiagnosticOptions: options.SpecificDiagnosticOptions);
        CSharpCompilation compilation;
        if (options.Kind == SourceCodeKind.Script)
        {
            compilation = CSharpCompilation.CreateScriptCompilation("Policy", tree, references, compilationOptions);
        }
        else
        {
            var trees = options.ApiInSource
                ? new[] { tree, CSharpSyntaxTree.ParseText(PolicyApiStandIn.Source, parseOptions, path: "Api.cs") }
                : [tree];
            compilation = CSharpCompilation.Create("Policy", trees, options.ApiInSource ? PolicyApiStandIn.Framework : references, compilationOptions);
        }

        var exceptions = new List<Exception>();
        var withAnalyzers = compilation.WithAnalyzers(Analyzers, new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]),
            onAnalyzerException: (exception, _, _) => { lock (exceptions) { exceptions.Add(exception); } },
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false,
            reportSuppressedDiagnostics: true));
        var analyzerDiagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();
        if (exceptions.Count > 0)
        {
            throw new AggregateException("An analyzer threw.", exceptions);
        }

        var compilerErrors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        return new PolicyAnalysisResult(
            [.. analyzerDiagnostics.Where(d => DiagnosticIds.IsPolicyId(d.Id) || d.Id.StartsWith("AD", StringComparison.Ordinal))],
            compilerErrors);
    }

    private static string Describe(Diagnostic diagnostic) =>
        diagnostic.Location.IsInSource
            ? Format(diagnostic.Id, diagnostic.Location.GetLineSpan().Span, diagnostic.IsSuppressed)
            : diagnostic.Id + " (no location)";

    private static string Format(string id, LinePositionSpan span, bool suppressed) =>
        $"{id} {span.Start.Line + 1}:{span.Start.Character + 1}-{span.End.Line + 1}:{span.End.Character + 1}"
        + (suppressed ? " suppressed" : string.Empty);
}

/// <summary>How a test compiles its policy.</summary>
internal sealed record PolicyCompileOptions
{
    public SourceCodeKind Kind { get; init; } = SourceCodeKind.Regular;

    public string Path { get; init; } = "Policy.cs";

    /// <summary>Put the stand-in API in source instead of referencing it.</summary>
    public bool ApiInSource { get; init; }

    public bool AllowCompilerErrors { get; init; }

    public ImmutableDictionary<string, ReportDiagnostic> SpecificDiagnosticOptions { get; init; } =
        ImmutableDictionary<string, ReportDiagnostic>.Empty;

    /// <summary>Ids expected once each with no source location (compilation-level findings).</summary>
    public IReadOnlyList<string> ExpectedWithoutLocation { get; init; } = [];
}

/// <summary>What a compile produced: HMS (and analyzer-failure) diagnostics and compiler errors.</summary>
internal sealed record PolicyAnalysisResult(IReadOnlyList<Diagnostic> PolicyDiagnostics, IReadOnlyList<Diagnostic> CompilerErrors);
