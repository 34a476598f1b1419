namespace HmsTrace.Analyzers.Tests;

public sealed class PolicyAllowListTests
{
    [TestCase("HmsTrace.Policy.PlacementPolicy")]
    [TestCase("HmsTrace.Policy.Views.RangeView")]
    [TestCase("System.Int64")]
    [TestCase("System.Collections.Generic.Dictionary`2")]
    [TestCase("System.Collections.Generic.List`1+Enumerator")]
    [TestCase("global::System.Span`1")]
    [TestCase("System.Numerics.BitOperations")]
    [TestCase("System.Diagnostics.CodeAnalysis.NotNullWhenAttribute")]
    public void Policy_api_and_deterministic_bcl_types_are_allowed(string type) =>
        Assert.That(PolicyAllowList.IsAllowedType(type), Is.True);

    [TestCase("System.IO.File")]
    [TestCase("System.Type")]
    [TestCase("System.Threading.Thread")]
    [TestCase("System.Random")]
    [TestCase("System.DateTime")]
    [TestCase("System.HashCode")]
    [TestCase("System.Runtime.CompilerServices.Unsafe")]
    [TestCase("System.Runtime.InteropServices.Marshal")]
    [TestCase("System.IntPtr")]
    [TestCase("HmsTrace.PolicyX.Evil")]
    [TestCase("System.Collections.Generic.Dictionary`2+Evil+Nested")]
    public void Escaping_and_nondeterministic_types_are_not_allowed(string type)
    {
        var expected = type.StartsWith("System.Collections.Generic.Dictionary`2+", StringComparison.Ordinal);
        Assert.That(PolicyAllowList.IsAllowedType(type), Is.EqualTo(expected));
    }

    [TestCase("System.Math", "Max", true)]
    [TestCase("System.Math", "Sin", false)]
    [TestCase("System.Double", "Log", false)]
    [TestCase("System.Double", "IsNaN", true)]
    [TestCase("System.Object", "GetType", false)]
    [TestCase("System.Object", "GetHashCode", false)]
    [TestCase("System.String", "get_Length", true)]
    [TestCase("System.String", "get_Chars", true)]
    [TestCase("System.String", "GetHashCode", false)]
    [TestCase("System.Collections.Generic.Dictionary`2", "get_Comparer", false)]
    [TestCase("System.Collections.Generic.Dictionary`2", "TryGetValue", true)]
    [TestCase("System.Func`2", "Invoke", true)]
    [TestCase("System.Func`2", "BeginInvoke", false)]
    [TestCase("System.Exception", "get_StackTrace", false)]
    [TestCase("System.IO.File", "Exists", false)]
    [TestCase("HmsTrace.Policy.PlacementPolicy", "OnAccess", true)]
    public void Members_are_judged_by_their_metadata_or_accessor_name(string type, string member, bool expected) =>
        Assert.That(PolicyAllowList.IsAllowedMember(type, member), Is.EqualTo(expected));

    [Test]
    public void Compiler_support_members_are_separate_from_the_allow_list()
    {
        Assert.Multiple(() =>
        {
            Assert.That(PolicyAllowList.IsCompilerSupportMember("System.Runtime.InteropServices.CollectionsMarshal", "SetCount"), Is.True);
            Assert.That(PolicyAllowList.IsAllowedType("System.Runtime.InteropServices.CollectionsMarshal"), Is.False);
            Assert.That(PolicyAllowList.IsCompilerSupportMember("System.Runtime.CompilerServices.Unsafe", "AsPointer"), Is.False);
        });
    }

    [Test]
    public void Listed_type_names_are_sorted_and_all_allowed()
    {
        var names = PolicyAllowList.ListedTypeNames;
        Assert.That(names, Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
        Assert.That(names.All(PolicyAllowList.IsAllowedType), Is.True);
    }

    [Test]
    public void Null_names_are_rejected_at_the_boundary() =>
        Assert.Throws<ArgumentNullException>(() => PolicyAllowList.IsAllowedType(null!));
}
