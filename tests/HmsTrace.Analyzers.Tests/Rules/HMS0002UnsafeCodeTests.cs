using HmsTrace.Analyzers.Tests.Infrastructure;
using static HmsTrace.Analyzers.Tests.Infrastructure.PolicyVerifier;

namespace HmsTrace.Analyzers.Tests.Rules;

public sealed class HMS0002UnsafeCodeTests
{
    [Test]
    public Task Unsafe_blocks_pointers_and_fixed_are_reported() => VerifyAsync(InPolicy("""
            private readonly int[] _counts = new int[8];

            public override void OnUnmap(long start, long length)
            {
                {|HMS0002:unsafe|}
                {
                    {|HMS0002:fixed|} ({|HMS0002:int*|} p = _counts)
                    {
                        p[0] = 1;
                    }
                }
            }
        """));

    [Test]
    public Task Function_pointers_and_undocumented_keywords_are_reported() => VerifyAsync(InPolicy("""
            private {|HMS0002:unsafe|} {|HMS0002:delegate*<int, int>|} _next;

            public override void OnUnmap(long start, long length)
            {
                var reference = {|HMS0002:__makeref|}(start);
            }
        """), new PolicyCompileOptions { AllowCompilerErrors = true });

    [Test]
    public Task Interop_and_explicit_layout_are_reported() => VerifyAsync(InPolicy("""
            [{|HMS0002:System.Runtime.InteropServices.DllImport|}("libc")]
            private static {|HMS0002:extern|} int getpid();

            [{|HMS0002:System.Runtime.InteropServices.StructLayout|}({|HMS0001:System.Runtime.InteropServices.LayoutKind.Explicit|})]
            private struct Overlay
            {
                [{|HMS0002:System.Runtime.InteropServices.FieldOffset|}(0)] public long Whole;
                [{|HMS0002:System.Runtime.InteropServices.FieldOffset|}(0)] public int Low;
            }
        """));

    [Test]
    public Task Large_non_constant_and_looped_stackalloc_is_reported() => VerifyAsync(InPolicy("""
            public override void OnEpoch(long epoch, IRangeView ranges, IMigrationPlan plan)
            {
                Span<long> big = {|HMS0002:stackalloc long[129]|};
                Span<int> sized = {|HMS0002:stackalloc int[ranges.Count]|};
                for (var i = 0; i < 4; i++)
                {
                    Span<byte> each = {|HMS0002:stackalloc byte[16]|};
                }
            }
        """));

    [Test]
    public Task A_small_constant_stackalloc_is_not_reported() => VerifyAsync(InPolicy("""
            public override void OnEpoch(long epoch, IRangeView ranges, IMigrationPlan plan)
            {
                Span<long> window = stackalloc long[128];
                Span<int> three = stackalloc[] { 1, 2, 3 };
                window[0] = three[0];
            }
        """));

    [Test]
    public Task A_pragma_does_not_hide_unsafe_code() => VerifyAsync(PolicyHeader + """
        {|HMS0012:#pragma warning disable HMS0002|}
        public sealed class TestPolicy : PlacementPolicy
        {
            public override void OnUnmap(long start, long length)
            {
                {|~HMS0002:unsafe|} { }
            }
        }
        """);
}
