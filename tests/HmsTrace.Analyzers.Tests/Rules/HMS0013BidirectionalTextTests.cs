using HmsTrace.Analyzers.Tests.Infrastructure;
using static HmsTrace.Analyzers.Tests.Infrastructure.PolicyVerifier;

namespace HmsTrace.Analyzers.Tests.Rules;

public sealed class HMS0013BidirectionalTextTests
{
    [Test]
    public Task Bidirectional_overrides_in_comments_and_strings_are_reported() => VerifyAsync(InPolicy("""
            public override int OnFirstTouch(long address, int initiator)
            {
                var isAdmin = false;
                /*{|HMS0013:\u202E|} } {|HMS0013:\u2066|}if (isAdmin){|HMS0013:\u2069|} {|HMS0013:\u2066|} begin admins only */
                var label = "user{|HMS0013:\u200F|}";
                return isAdmin ? 1 : label.Length;
            }
        """.Replace("\\u202E", "\u202E").Replace("\\u2066", "\u2066").Replace("\\u2069", "\u2069").Replace("\\u200F", "\u200F")));

    [Test]
    public Task Other_unicode_text_is_not_reported() => VerifyAsync(InPolicy("""
            private readonly string _name = "Größe – ノード – עברית";
        """));

    [Test]
    public Task A_pragma_does_not_hide_a_bidirectional_override() => VerifyAsync(PolicyHeader + """
        {|HMS0012:#pragma warning disable HMS0013|}
        public sealed class TestPolicy : PlacementPolicy
        {
            // {|~HMS0013:\u202E|}
        }
        """.Replace("\\u202E", "\u202E"));

    [TestCase('\u202A')]
    [TestCase('\u202E')]
    [TestCase('\u2066')]
    [TestCase('\u2069')]
    [TestCase('\u200E')]
    [TestCase('\u200F')]
    [TestCase('\u061C')]
    public void Each_bidirectional_control_character_is_recognised(char c) =>
        Assert.That(Analyzers.Rules.HMS0013BidirectionalTextAnalyzer.IsBidirectionalControl(c), Is.True);

    [TestCase('\u2029')]
    [TestCase('\u200B')]
    [TestCase('a')]
    public void Other_characters_are_not_recognised(char c) =>
        Assert.That(Analyzers.Rules.HMS0013BidirectionalTextAnalyzer.IsBidirectionalControl(c), Is.False);
}
