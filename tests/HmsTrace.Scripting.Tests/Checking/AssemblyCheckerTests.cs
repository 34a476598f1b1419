using HmsTrace.Scripting.Checking;
using HmsTrace.Scripting.Compilation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace HmsTrace.Scripting.Tests.Checking;

/// <summary>
/// The IL check on its own: assemblies built without the analyzers (and with unsafe code allowed)
/// must still be rejected for what their metadata and IL reference.
/// </summary>
public sealed class AssemblyCheckerTests
{
    private const string Header = "using System;\nusing HmsTrace.Policy;\n";

    [TestCase("file I/O", "public sealed class P : PlacementPolicy { public override void OnEpoch(EpochContext c) { System.IO.File.WriteAllText(\"x\", \"y\"); } }", IlCheckIds.TypeReference)]
    [TestCase("a forbidden member of an allowed type", "public sealed class P : PlacementPolicy { public override void OnEpoch(EpochContext c) { var t = this.GetType(); } }", IlCheckIds.MemberReference)]
    [TestCase("P/Invoke", "public sealed class P : PlacementPolicy { [System.Runtime.InteropServices.DllImport(\"libc\")] static extern int getpid(); }", IlCheckIds.Interop)]
    [TestCase("a module initializer", "public sealed class P : PlacementPolicy { [System.Runtime.CompilerServices.ModuleInitializer] internal static void Boot() { } }", IlCheckIds.TypeReference)]
    [TestCase("a static mutable field", "public sealed class P : PlacementPolicy { static int s; public override void OnEpoch(EpochContext c) { s++; } }", IlCheckIds.StaticState)]
    [TestCase("a finalizer", "public sealed class P : PlacementPolicy { ~P() { } }", IlCheckIds.ImplicitExecution)]
    [TestCase("explicit layout", "[System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Explicit)] public struct U { [System.Runtime.InteropServices.FieldOffset(0)] public long A; [System.Runtime.InteropServices.FieldOffset(0)] public object B; }", IlCheckIds.Layout)]
    [TestCase("catch (Exception)", "public sealed class P : PlacementPolicy { public override void OnEpoch(EpochContext c) { try { c.Migrate(0, 0, 1, default); } catch (Exception) { } } }", IlCheckIds.Catch)]
    [TestCase("an exception filter", "public sealed class P : PlacementPolicy { public override void OnEpoch(EpochContext c) { try { c.Migrate(0, 0, 1, default); } catch (ArgumentException) when (c.Epoch > 1) { } } }", IlCheckIds.Catch)]
    [TestCase("a large stackalloc", "public sealed class P : PlacementPolicy { public override void OnEpoch(EpochContext c) { Span<byte> b = stackalloc byte[4096]; b[0] = 1; } }", IlCheckIds.StackAlloc)]
    [TestCase("stackalloc in a loop", "public sealed class P : PlacementPolicy { public override void OnEpoch(EpochContext c) { for (var i = 0; i < c.Epoch; i++) { Span<byte> b = stackalloc byte[16]; b[0] = 1; } } }", IlCheckIds.StackAlloc)]
    [TestCase("a function pointer call", "public sealed unsafe class P : PlacementPolicy { public override void OnEpoch(EpochContext c) { delegate*<void> f = &Nothing; f(); } static void Nothing() { } }", IlCheckIds.Opcode)]
    [TestCase("a pointer", "public sealed unsafe class P : PlacementPolicy { public override void OnEpoch(EpochContext c) { long x = 0; long* p = &x; *p = 1; } }", IlCheckIds.Pointer)]
    [TestCase("the thread id an iterator checks, outside compiler-generated code", "public sealed class P : PlacementPolicy { public override void OnEpoch(EpochContext c) { var id = Environment.CurrentManagedThreadId; } }", IlCheckIds.MemberReference)]
    [TestCase("a type object", "public sealed class P : PlacementPolicy { public override void OnEpoch(EpochContext c) { var t = typeof(string); } }", IlCheckIds.MemberReference)]
    [TestCase("CollectionsMarshal.SetCount of a computed count, outside compiler-generated code", "public sealed class P : PlacementPolicy { public override void OnEpoch(EpochContext c) { var l = new System.Collections.Generic.List<int>(); System.Runtime.InteropServices.CollectionsMarshal.SetCount(l, (int)c.Epoch << 20); } }", IlCheckIds.MemberReference)]
    [TestCase("Unsafe.As outside compiler-generated code", "public sealed class P : PlacementPolicy { public override void OnEpoch(EpochContext c) { object o = \"s\"; var a = System.Runtime.CompilerServices.Unsafe.As<object, long[]>(ref o); } }", IlCheckIds.MemberReference)]
    public void The_IL_check_rejects_an_assembly_built_without_the_analyzers(string what, string source, string id)
    {
        // Unsafe code adds attributes the check rejects on their own: only the cases that need it build with it.
        var image = Build(Header + source, allowUnsafe: source.Contains("unsafe", StringComparison.Ordinal));

        var findings = AssemblyChecker.Check([.. image], PolicyReferences.AssemblyNames);

        TestContext.Out.WriteLine(what + ": " + string.Join("; ", findings.Select(f => f.Id + " " + f.Message)));
        Assert.That(findings.Select(f => f.Id), Does.Contain(id));
    }

    // Allowed source the check once rejected: a primitive array initialiser compiles to a size-only
    // blob struct with explicit layout (and no fields) in <PrivateImplementationDetails>; Split(',')
    // passes the default StringSplitOptions.
    [TestCase("a primitive array initialiser", "var a = new long[] { 4, 8, 15, 16, 23, 42 }; var n = a[5];")]
    [TestCase("a primitive collection expression", "int[] a = [1, 2, 3, 4, 5, 6, 7, 8]; var n = a[7];")]
    [TestCase("Split with the default options", "var parts = \"a,b\".Split(','); var n = parts.Length;")]
    // Session 11: the declaring types of compiler-support members were rejected as type references,
    // so the members' own rule never got to accept them.
    [TestCase("a collection expression of a list", "System.Collections.Generic.List<int> l = [1, 2, 3]; var n = l.Count;")]
    [TestCase("a list of a queue's spread and a value (the count stored, then loaded)", "var q = new System.Collections.Generic.Queue<long>(); q.Enqueue(3); System.Collections.Generic.List<long> l = [.. q, 1]; var n = l.Count;")]
    [TestCase("a list of a list and a set", "var a = new System.Collections.Generic.List<long> { 1 }; var b = new System.Collections.Generic.HashSet<long> { 2 }; System.Collections.Generic.List<long> l = [.. a, .. b]; var n = l.Count;")]
    [TestCase("a list of spreads", "var a = new long[3]; var b = new System.Collections.Generic.List<long> { 1 }; System.Collections.Generic.List<long> l = [.. a, .. b, 7]; var n = l.Count;")]
    [TestCase("a concatenation of five strings", "var a = c.Epoch.ToString(); var s = string.Concat(a, a, a, a, a); var n = s.Length;")]
    [TestCase("a params span of many values", "var m = Math.Max(1, 2); var s = string.Join(',', m, m, m, m, m, m); var n = s.Length;")]
    [TestCase("an iterator", "System.Collections.Generic.IEnumerable<long> Evens(long k) { for (long i = 0; i < k; i += 2) { yield return i; } } var n = 0L; foreach (var e in Evens(10)) { n += e; }")]
    public void The_IL_check_accepts_what_the_compiler_emits_for_allowed_source(string what, string body)
    {
        var image = Build(Header + "public sealed class P : PlacementPolicy { public override void OnEpoch(EpochContext c) { " + body + " } }", allowUnsafe: false);

        var findings = AssemblyChecker.Check([.. image], PolicyReferences.AssemblyNames);

        Assert.That(findings.Select(f => f.Id + " " + f.Message), Is.Empty, what);
    }

    [Test]
    public void The_IL_check_accepts_every_policy_of_the_library()
    {
        var loader = new PolicyScriptLoader(new PolicyLoaderOptions { UseCache = false });
        foreach (var path in Directory.GetFiles(Infrastructure.Replays.PoliciesFolder, "*.csx"))
        {
            var result = loader.Check(path);
            Assert.That(result.Diagnostics, Is.Empty, path);
            Assert.That(result.Succeeded, Is.True, path);
        }
    }

    private static byte[] Build(string source, bool allowUnsafe = true)
    {
        var compilation = CSharpCompilation.Create("Probe", [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest))],
            PolicyReferences.References, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: allowUnsafe));
        using var stream = new MemoryStream();
        var emitted = compilation.Emit(stream);
        Assert.That(emitted.Success, Is.True, string.Join(Environment.NewLine, emitted.Diagnostics));
        return stream.ToArray();
    }
}
