using HmsTrace.Analyzers.Tests.Infrastructure;
using static HmsTrace.Analyzers.Tests.Infrastructure.PolicyVerifier;

namespace HmsTrace.Analyzers.Tests.Rules;

public sealed class HMS0001ForbiddenApiTests
{
    [Test]
    public Task File_io_through_a_global_qualified_name_is_reported() => VerifyAsync(InPolicy("""
            public override void Initialize(int targetCount)
            {
                var text = {|HMS0001:global::System.IO.File.ReadAllText|}("/etc/passwd");
            }
        """));

    [Test]
    public Task A_using_alias_is_reported_at_the_alias_and_at_each_use() => VerifyAsync("""
        using Files = {|HMS0001:System.IO.File|};
        using HmsTrace.Policy;

        public sealed class TestPolicy : PlacementPolicy
        {
            public override void OnEpoch(long epoch, IRangeView ranges, IMigrationPlan plan)
            {
                if ({|HMS0001:Files.Exists|}("/tmp/x")) { }
            }
        }
        """);

    [Test]
    public Task A_using_static_directive_is_reported_at_the_directive_and_at_each_call() => VerifyAsync("""
        using static {|HMS0001:System.Console|};
        using HmsTrace.Policy;

        public sealed class TestPolicy : PlacementPolicy
        {
            public override void OnUnmap(long start, long length) => {|HMS0001:WriteLine|}(start);
        }
        """);

    [Test]
    public Task A_forbidden_generic_type_argument_is_reported() => VerifyAsync(InPolicy("""
            private readonly List<System.Threading.Thread> {|HMS0001:_threads|} = [];
        """));

    [Test]
    public Task A_var_local_of_a_forbidden_type_is_reported_where_the_value_is_produced() => VerifyAsync(InPolicy("""
            public override void Initialize(int targetCount)
            {
                var process = {|HMS0001:System.Diagnostics.Process.GetCurrentProcess|}();
                var id = process.Id;
            }
        """));

    [Test]
    public Task An_explicitly_typed_local_of_a_forbidden_type_is_reported_at_the_type() => VerifyAsync(InPolicy("""
            public override void Initialize(int targetCount)
            {
                {|HMS0001:System.Threading.CancellationToken|} token = default;
            }
        """));

    [Test]
    public Task A_forbidden_attribute_is_reported() => VerifyAsync(InPolicy("""
            [{|HMS0001:System.Serializable|}]
            private struct Entry
            {
                public long Address;
            }
        """));

    [Test]
    public Task Reflection_through_typeof_and_GetType_is_reported() => VerifyAsync(InPolicy("""
            public override void Initialize(int targetCount)
            {
                var name = {|HMS0001:typeof(TestPolicy)|}.Assembly.FullName;
                var type = {|HMS0001:GetType|}();
            }
        """));

    [Test]
    public Task A_lambda_converted_to_an_expression_tree_is_reported() => VerifyAsync(InPolicy("""
            public override void Initialize(int targetCount)
            {
                {|HMS0001:System.Linq.Expressions.Expression<Func<int>>|} tree = {|HMS0001:() => targetCount|};
            }
        """));

    [Test]
    public Task Environment_gc_activator_and_interlocked_are_reported() => VerifyAsync(InPolicy("""
            private int _count;

            public override void OnUnmap(long start, long length)
            {
                {|HMS0001:System.Threading.Interlocked.Increment|}(ref _count);
                {|HMS0001:GC.Collect|}();
                var other = {|HMS0001:Activator.CreateInstance<TestPolicy>|}();
                {|HMS0001:Environment.Exit|}(1);
            }
        """));

    [Test]
    public Task Allowed_collections_spans_and_integer_math_are_not_reported() => VerifyAsync(InPolicy("""
            private readonly Dictionary<long, int> _targets = new();
            private readonly PriorityQueue<long, int> _queue = new();
            private readonly int[] _counts = new int[64];

            public override int OnFirstTouch(long address, int initiator)
            {
                var index = Math.Clamp(initiator, 0, _counts.Length - 1);
                Span<int> window = _counts.AsSpan(0, 8);
                window.Fill(0);
                var bits = System.Numerics.BitOperations.Log2((ulong)address | 1);
                _queue.Enqueue(address, (int)bits);
                return _targets.TryGetValue(address, out var target) ? target : Math.Min(index, 3);
            }
        """));

    [Test]
    public Task A_pragma_does_not_hide_a_forbidden_call() => VerifyAsync(PolicyHeader + """
        {|HMS0012:#pragma warning disable HMS0001|}
        public sealed class TestPolicy : PlacementPolicy
        {
            public override void OnUnmap(long start, long length) => {|~HMS0001:Console.WriteLine|}(start);
        }
        """);
}
