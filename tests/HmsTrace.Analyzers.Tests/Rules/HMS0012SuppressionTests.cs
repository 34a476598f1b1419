using System.Collections.Immutable;
using HmsTrace.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using static HmsTrace.Analyzers.Tests.Infrastructure.PolicyVerifier;

namespace HmsTrace.Analyzers.Tests.Rules;

public sealed class HMS0012SuppressionTests
{
    [Test]
    public Task Disabling_all_warnings_is_reported_and_silences_nothing() => VerifyAsync(PolicyHeader + """
        {|HMS0012:#pragma warning disable|}
        public sealed class TestPolicy : PlacementPolicy
        {
            private static int {|~HMS0004:s_calls|};
        }
        {|~HMS0012:#pragma warning restore HMS0004|}
        """);

    [Test]
    public Task Suppressing_the_suppression_rule_itself_still_reports_everything() => VerifyAsync(PolicyHeader + """
        {|HMS0012:#pragma warning disable HMS0012|}
        {|~HMS0012:#pragma warning disable HMS0004|}
        public sealed class TestPolicy : PlacementPolicy
        {
            private static int {|~HMS0004:s_calls|};
        }
        """);

    [Test]
    public Task An_assembly_level_SuppressMessage_for_an_hms_id_is_reported() => VerifyAsync(PolicyHeader + """
        [assembly: {|HMS0012:System.Diagnostics.CodeAnalysis.SuppressMessage("Policy", checkId: "hms0001", Scope = "module")|}]
        public sealed class TestPolicy : PlacementPolicy
        {
        }
        """);

    [Test]
    public Task Lowering_an_hms_severity_in_compilation_options_is_reported() => VerifyAsync("""
        {|HMS0012:|}using HmsTrace.Policy;

        public sealed class TestPolicy : PlacementPolicy
        {
            private static int s_calls;
        }
        """, new PolicyCompileOptions
    {
        SpecificDiagnosticOptions = ImmutableDictionary<string, ReportDiagnostic>.Empty.Add("HMS0004", ReportDiagnostic.Suppress),
    });

    [Test]
    public Task Other_pragmas_and_suppressions_are_not_reported() => VerifyAsync(PolicyHeader + """
        #pragma warning disable CS0169, CA1822
        #nullable disable
        public sealed class TestPolicy : PlacementPolicy
        {
            [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822")]
            private int Unused() => 1;
        }
        #pragma warning restore
        """);
}
