using System.Collections.Immutable;
using System.Text;
using HmsTrace.Analyzers;
using HmsTrace.Scripting.Checking;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Scripting;

namespace HmsTrace.Scripting.Compilation;

/// <summary>
/// Compiles a policy script in four fail-closed stages: (1) a script compilation with fixed options
/// (no unsafe code, <c>#r</c>/<c>#load</c> refused, only <see cref="PolicyReferences"/>) analysed
/// by every HMS analyzer with suppressed diagnostics reported; (2) the fuel rewrite; (3) a regular
/// library build of the rewritten source; (4) the IL check of the emitted image. Stateless.
/// </summary>
internal static class PolicyCompiler
{
    /// <summary>The loader-level diagnostic id (policy class missing, internal build failure).</summary>
    public const string LoaderId = "HMS0200";

    private const string PolicyBaseName = "HmsTrace.Policy.PlacementPolicy";

    /// <summary>Every analyzer of the HmsTrace analyzer assembly.</summary>
    public static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = [.. typeof(DiagnosticIds).Assembly.GetTypes()
        .Where(type => type.IsSubclassOf(typeof(DiagnosticAnalyzer)) && !type.IsAbstract)
        .OrderBy(type => type.Name, StringComparer.Ordinal)
        .Select(type => (DiagnosticAnalyzer)Activator.CreateInstance(type)!)];

    private static readonly CSharpParseOptions RegularParse = new(LanguageVersion.Latest, DocumentationMode.None, SourceCodeKind.Regular);

    public static CompiledPolicy Compile(string displayPath, string source, string assemblyName, CancellationToken cancellationToken)
    {
        var diagnostics = new List<PolicyDiagnostic>();
        var options = ScriptOptions.Default
            .WithReferences(PolicyReferences.References)
            .WithImports([])
            .WithSourceResolver(RefusingSourceResolver.Instance)
            .WithMetadataResolver(RefusingMetadataResolver.Instance)
            .WithFilePath(displayPath)
            .WithFileEncoding(Encoding.UTF8)
            .WithAllowUnsafe(false)
            .WithCheckOverflow(false)
            .WithLanguageVersion(LanguageVersion.Latest)
            .WithOptimizationLevel(OptimizationLevel.Release)
            .WithEmitDebugInformation(false);
        var script = (CSharpCompilation)CSharpScript.Create(source, options).GetCompilation();
        script = script.WithOptions(script.Options.WithNullableContextOptions(NullableContextOptions.Enable).WithSpecificDiagnosticOptions([]).WithGeneralDiagnosticOption(ReportDiagnostic.Default));

        var analyzerFailures = new List<string>();
        var withAnalyzers = script.WithAnalyzers(Analyzers, new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]),
            onAnalyzerException: (exception, analyzer, _) =>
            {
                lock (analyzerFailures)
                {
                    analyzerFailures.Add($"{analyzer.GetType().Name} threw {exception.GetType().Name}: {exception.Message}");
                }
            },
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false,
            reportSuppressedDiagnostics: true));
        var found = withAnalyzers.GetAllDiagnosticsAsync(cancellationToken).GetAwaiter().GetResult();
        foreach (var d in found)
        {
            var converted = Convert(displayPath, d);
            if (converted is not null)
            {
                diagnostics.Add(converted);
            }
        }

        foreach (var failure in analyzerFailures)
        {
            diagnostics.Add(new PolicyDiagnostic(displayPath, 1, 1, PolicyDiagnosticSeverity.Error, "AD0001", failure + "; the policy is rejected because its checks did not complete", PolicyCheckLayer.Analyzer));
        }

        if (diagnostics.Any(d => d.IsError))
        {
            return new CompiledPolicy(null, null, Sorted(diagnostics));
        }

        // Stage 2 and 3: meter, then build the rewritten source as a plain library (no script
        // submission class, so no Task machinery the IL check would have to allow).
        var tree = script.SyntaxTrees[0];
        var rewriter = new FuelRewriter(script.GetSemanticModel(tree));
        var rewritten = rewriter.Visit(tree.GetRoot(cancellationToken))!;
        if (rewriter.Unmeterable.Count > 0)
        {
            foreach (var (location, problem) in rewriter.Unmeterable)
            {
                var (line, column) = Position(location);
                diagnostics.Add(new PolicyDiagnostic(displayPath, line, column, PolicyDiagnosticSeverity.Error, LoaderId, problem + "; the policy is rejected", PolicyCheckLayer.Loader));
            }

            return new CompiledPolicy(null, null, Sorted(diagnostics));
        }

        var metered = CSharpSyntaxTree.ParseText(rewritten.ToFullString(), RegularParse, displayPath, Encoding.UTF8, cancellationToken);
        var library = CSharpCompilation.Create(assemblyName, [metered], PolicyReferences.References, new CSharpCompilationOptions(
            OutputKind.DynamicallyLinkedLibrary,
            optimizationLevel: OptimizationLevel.Release,
            allowUnsafe: false,
            checkOverflow: false,
            nullableContextOptions: NullableContextOptions.Enable,
            deterministic: true,
            concurrentBuild: false,
            sourceReferenceResolver: RefusingSourceResolver.Instance,
            metadataReferenceResolver: RefusingMetadataResolver.Instance,
            metadataImportOptions: MetadataImportOptions.Public));
        using var stream = new MemoryStream();
        var emitted = library.Emit(stream, cancellationToken: cancellationToken);
        if (!emitted.Success)
        {
            foreach (var d in emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error))
            {
                var (line, column) = Position(d.Location);
                diagnostics.Add(new PolicyDiagnostic(displayPath, line, column, PolicyDiagnosticSeverity.Error, LoaderId, $"the metered build failed ({d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}); the policy is rejected", PolicyCheckLayer.Loader));
            }

            return new CompiledPolicy(null, null, Sorted(diagnostics));
        }

        var image = stream.ToArray();

        // Stage 4: the IL is the ground truth.
        List<IlFinding> findings;
        try
        {
            findings = AssemblyChecker.Check([.. image], PolicyReferences.AssemblyNames);
        }
        catch (Exception e) when (e is BadImageFormatException or ArgumentException or InvalidOperationException)
        {
            findings = [new IlFinding(LoaderId, $"the IL check could not read the assembly ({e.Message}); the policy is rejected", null, null)];
        }

        foreach (var finding in findings)
        {
            var (line, column) = Locate(library, finding);
            diagnostics.Add(new PolicyDiagnostic(displayPath, line, column, PolicyDiagnosticSeverity.Error, finding.Id, finding.Message, PolicyCheckLayer.IlCheck));
        }

        var policyTypes = library.GetSymbolsWithName(_ => true, SymbolFilter.Type, cancellationToken)
            .OfType<INamedTypeSymbol>()
            .Where(t => !t.IsAbstract && DerivesFromPolicy(t))
            .ToList();
        if (policyTypes.Count != 1 || !policyTypes[0].IsSealed)
        {
            diagnostics.Add(new PolicyDiagnostic(displayPath, 1, 1, PolicyDiagnosticSeverity.Error, LoaderId, $"a policy file declares exactly one sealed, non-abstract class deriving from PlacementPolicy (found {policyTypes.Count})", PolicyCheckLayer.Loader));
        }

        if (diagnostics.Any(d => d.IsError))
        {
            return new CompiledPolicy(null, null, Sorted(diagnostics));
        }

        return new CompiledPolicy(image, MetadataName(policyTypes[0]), Sorted(diagnostics));
    }

    private static PolicyDiagnostic? Convert(string displayPath, Diagnostic d)
    {
        if (d.Severity is DiagnosticSeverity.Hidden or DiagnosticSeverity.Info && !d.IsSuppressed)
        {
            return null;
        }

        var isPolicy = DiagnosticIds.IsPolicyId(d.Id) || d.Id.StartsWith("AD", StringComparison.Ordinal);
        if (!isPolicy && d.IsSuppressed)
        {
            return null;
        }

        var (line, column) = Position(d.Location);
        var message = d.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        var error = d.Severity == DiagnosticSeverity.Error || (isPolicy && d.IsSuppressed) || d.Id.StartsWith("AD", StringComparison.Ordinal);
        if (isPolicy && d.IsSuppressed)
        {
            message += " (suppressed in source, which policies may not do; remove the suppression)";
        }

        return new PolicyDiagnostic(displayPath, line, column, error ? PolicyDiagnosticSeverity.Error : PolicyDiagnosticSeverity.Warning, d.Id, message, isPolicy ? PolicyCheckLayer.Analyzer : PolicyCheckLayer.Compiler);
    }

    private static (int Line, int Column) Position(Location location)
    {
        if (!location.IsInSource)
        {
            return (1, 1);
        }

        var span = location.GetLineSpan().StartLinePosition;
        return (span.Line + 1, span.Character + 1);
    }

    private static (int Line, int Column) Locate(CSharpCompilation library, IlFinding finding)
    {
        if (finding.TypeName is null || finding.TypeName.Contains('<', StringComparison.Ordinal))
        {
            return (1, 1);
        }

        var type = library.GetTypeByMetadataName(finding.TypeName);
        if (type is null)
        {
            return (1, 1);
        }

        var member = finding.MethodName is null ? null : type.GetMembers(finding.MethodName).FirstOrDefault();
        return Position((member ?? type).Locations.FirstOrDefault() ?? Location.None);
    }

    private static bool DerivesFromPolicy(INamedTypeSymbol type)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (current.ToDisplayString() == PolicyBaseName)
            {
                return true;
            }
        }

        return false;
    }

    private static string MetadataName(INamedTypeSymbol type)
    {
        if (type.ContainingType is { } outer)
        {
            return MetadataName(outer) + "+" + type.MetadataName;
        }

        return type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." + type.MetadataName : type.MetadataName;
    }

    private static List<PolicyDiagnostic> Sorted(List<PolicyDiagnostic> diagnostics) =>
        [.. diagnostics.Distinct().OrderBy(d => d.Line).ThenBy(d => d.Column).ThenBy(d => d.Id, StringComparer.Ordinal)];
}
