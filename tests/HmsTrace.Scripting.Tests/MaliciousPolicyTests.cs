using HmsTrace.Engine;
using HmsTrace.Engine.Policies;
using HmsTrace.Scripting.Tests.Infrastructure;

namespace HmsTrace.Scripting.Tests;

/// <summary>
/// Policies that each try one escape. Every test names the layer that must stop the policy: the
/// compiler (fixed options), an analyzer rule, the IL check, or at run time the fuel meter, the
/// stack guard, the array bound, or the engine's validation of decisions; and every test checks the
/// canary: the file the escape aims to create does not exist, and this process is still running.
/// </summary>
[Parallelizable(ParallelScope.None)]
public sealed class MaliciousPolicyTests
{
    private const string Header = "using System;\nusing System.Collections.Generic;\nusing HmsTrace.Policy;\n";

    private static readonly PolicyScriptLoader Loader = new(new PolicyLoaderOptions { UseCache = false });

    private TempDirectory _dir = null!;
    private string _canary = null!;

    public static IEnumerable<TestCaseData> RejectedBeforeRunning()
    {
        static TestCaseData Case(string name, PolicyCheckLayer layer, string id, string members, string usings = "") =>
            new TestCaseData(InPolicy(members, usings), layer, id).SetName("Rejected_before_running: " + name);

        static TestCaseData Raw(string name, PolicyCheckLayer layer, string id, string source) =>
            new TestCaseData(source, layer, id).SetName("Rejected_before_running: " + name);

        const string Hook = "public override void OnEpoch(EpochContext context) { ";
        yield return Case("reflection through typeof(x).Assembly", PolicyCheckLayer.Analyzer, "HMS0001", Hook + "var a = typeof(PlacementPolicy).Assembly; }");
        yield return Case("reflection through GetType()", PolicyCheckLayer.Analyzer, "HMS0001", Hook + "var t = GetType(); }");
        yield return Case("Activator.CreateInstance", PolicyCheckLayer.Analyzer, "HMS0001", Hook + "var o = Activator.CreateInstance(typeof(List<int>)); }");
        yield return Case("a fully qualified File call", PolicyCheckLayer.Analyzer, "HMS0001", Hook + "System.IO.File.WriteAllText(\"CANARY\", \"x\"); }");
        yield return Case("a global:: qualified File call", PolicyCheckLayer.Analyzer, "HMS0001", Hook + "global::System.IO.File.WriteAllText(\"CANARY\", \"x\"); }");
        yield return Case("a using alias for File", PolicyCheckLayer.Analyzer, "HMS0001", Hook + "Disk.WriteAllText(\"CANARY\", \"x\"); }", "using Disk = System.IO.File;\n");
        yield return Case("using static File", PolicyCheckLayer.Analyzer, "HMS0001", Hook + "WriteAllText(\"CANARY\", \"x\"); }", "using static System.IO.File;\n");
        yield return Case("DllImport of libc system()", PolicyCheckLayer.Analyzer, "HMS0002",
            "[DllImport(\"libc\")] private static extern int system(string command);\n" + Hook + "system(\"touch CANARY\"); }", "using System.Runtime.InteropServices;\n");
        yield return Case("a function pointer", PolicyCheckLayer.Analyzer, "HMS0002", Hook + "delegate*<void> f = null; }");
        yield return Case("Unsafe.As type confusion", PolicyCheckLayer.Analyzer, "HMS0001",
            Hook + "object o = \"x\"; var a = System.Runtime.CompilerServices.Unsafe.As<object, long[]>(ref o); }");
        yield return Case("a stackalloc bomb", PolicyCheckLayer.Analyzer, "HMS0002", Hook + "Span<byte> b = stackalloc byte[1 << 30]; b[0] = 1; }");
        yield return Case("stackalloc in a loop", PolicyCheckLayer.Analyzer, "HMS0002", Hook + "for (var i = 0; i < 1000000; i++) { Span<byte> b = stackalloc byte[512]; b[0] = 1; } }");
        yield return Raw("explicit layout type confusion", PolicyCheckLayer.Analyzer, "HMS0002", "using System.Runtime.InteropServices;\n" + Header + """
            [StructLayout(LayoutKind.Explicit)]
            public struct Confused { [FieldOffset(0)] public object Reference; [FieldOffset(0)] public long Address; }
            public sealed class EscapePolicy : PlacementPolicy { }
            """);
        yield return Case("deep direct recursion", PolicyCheckLayer.Analyzer, "HMS0008",
            "private static long Down(long n) => n == 0 ? 0 : 1 + Down(n - 1);\n" + Hook + "Down(100000000); }");
        yield return Case("mutual recursion", PolicyCheckLayer.Analyzer, "HMS0008",
            "private static long Ping(long n) => Pong(n + 1);\nprivate static long Pong(long n) => Ping(n + 1);\n" + Hook + "Ping(0); }");
        yield return Case("a finalizer", PolicyCheckLayer.Analyzer, "HMS0005", "~EscapePolicy() { while (true) { } }");
        yield return Case("a static constructor", PolicyCheckLayer.Analyzer, "HMS0005", "static EscapePolicy() { }");
        yield return Case("a [ModuleInitializer]", PolicyCheckLayer.Analyzer, "HMS0005",
            "[System.Runtime.CompilerServices.ModuleInitializer] internal static void Boot() { }");
        yield return Case("a static mutable field", PolicyCheckLayer.Analyzer, "HMS0004", "private static long _shared;\n" + Hook + "_shared++; }");
        yield return Case("a [ThreadStatic] field", PolicyCheckLayer.Analyzer, "HMS0004", "[ThreadStatic] private static long _perThread;\n" + Hook + "_perThread++; }");
        yield return Case("Environment.Exit", PolicyCheckLayer.Analyzer, "HMS0001", Hook + "Environment.Exit(3); }");
        yield return Case("GC.Collect", PolicyCheckLayer.Analyzer, "HMS0001", Hook + "GC.Collect(); }");
        yield return Case("a Thread", PolicyCheckLayer.Analyzer, "HMS0001", Hook + "new System.Threading.Thread(() => { }).Start(); }");
        yield return Case("Task.Run", PolicyCheckLayer.Analyzer, "HMS0001", Hook + "System.Threading.Tasks.Task.Run(() => { }); }");
        yield return Case("lock", PolicyCheckLayer.Analyzer, "HMS0003", "private readonly object _gate = new();\n" + Hook + "lock (_gate) { } }");
        yield return Case("async and await", PolicyCheckLayer.Analyzer, "HMS0003",
            "private async System.Threading.Tasks.Task Later() { await System.Threading.Tasks.Task.Yield(); }");
        yield return Case("Interlocked", PolicyCheckLayer.Analyzer, "HMS0001", "private long _n;\n" + Hook + "System.Threading.Interlocked.Increment(ref _n); }");
        yield return Case("Console", PolicyCheckLayer.Compiler, "CS0103", Hook + "Console.WriteLine(\"hello\"); }");
        yield return Case("dynamic", PolicyCheckLayer.Analyzer, "HMS0007", Hook + "dynamic d = context.Epoch; d.Anything(); }");
        yield return Case("DateTime.Now", PolicyCheckLayer.Analyzer, "HMS0006", Hook + "var now = DateTime.Now; }");
        yield return Case("new Random()", PolicyCheckLayer.Analyzer, "HMS0006", Hook + "var r = new Random(); }");
        yield return Case("string GetHashCode", PolicyCheckLayer.Analyzer, "HMS0006", Hook + "var h = \"key\".GetHashCode(); }");
        yield return Case("Math.Sin in a decision", PolicyCheckLayer.Analyzer, "HMS0006", Hook + "var x = Math.Sin(context.Epoch); }");
        yield return Raw("#r of another assembly", PolicyCheckLayer.Analyzer, "HMS0011", "#r \"System.Diagnostics.Process\"\n" + InPolicy(string.Empty));
        yield return Raw("#load of another script", PolicyCheckLayer.Analyzer, "HMS0011", "#load \"other.csx\"\n" + InPolicy(string.Empty));
        yield return Raw("#pragma warning disable of a rule", PolicyCheckLayer.Analyzer, "HMS0012",
            "#pragma warning disable HMS0001\n" + InPolicy(Hook + "System.IO.File.WriteAllText(\"CANARY\", \"x\"); }"));
        yield return Case("[SuppressMessage] of a rule", PolicyCheckLayer.Analyzer, "HMS0012",
            "[System.Diagnostics.CodeAnalysis.SuppressMessage(\"HmsTrace\", \"HMS0001\")]\n" + Hook + "System.IO.File.WriteAllText(\"CANARY\", \"x\"); }");
        yield return Case("expression-tree compilation", PolicyCheckLayer.Compiler, "CS0234",
            Hook + "Expression<Func<int>> e = () => 1; var f = e.Compile(); f(); }", "using System.Linq.Expressions;\n");
        yield return Case("Unicode bidi characters hiding code", PolicyCheckLayer.Analyzer, "HMS0013",
            Hook + "var admin = false; /* \u202E } if (admin) { \u2066 */ }");
        yield return Case("catch (Exception) around an endless loop", PolicyCheckLayer.Analyzer, "HMS0009",
            Hook + "try { while (true) { } } catch (Exception) { } }");
        yield return Case("an exception filter", PolicyCheckLayer.Analyzer, "HMS0010",
            Hook + "try { } catch (InvalidOperationException) when (context.Epoch > 0) { } }");
        yield return Case("Process.Start", PolicyCheckLayer.Compiler, "CS0234",
            Hook + "System.Diagnostics.Process.Start(\"touch\", \"CANARY\"); }");
        yield return Raw("a top-level statement", PolicyCheckLayer.Analyzer, "HMS0019", Header + "var x = 1;\npublic sealed class EscapePolicy : PlacementPolicy { }\n");
        yield return Raw("two policy classes", PolicyCheckLayer.Analyzer, "HMS0015", Header + "public sealed class A : PlacementPolicy { }\npublic sealed class B : PlacementPolicy { }\n");
        yield return Case("Assembly.Load through AppDomain", PolicyCheckLayer.Analyzer, "HMS0001", Hook + "var all = AppDomain.CurrentDomain.GetAssemblies(); }");
        yield return Case("unsafe code", PolicyCheckLayer.Analyzer, "HMS0002", "private unsafe void Poke() { long x = 0; long* p = &x; *p = 1; }");
        yield return Case("__makeref", PolicyCheckLayer.Analyzer, "HMS0002", Hook + "var i = 0; var r = __makeref(i); }");
        yield return Raw("a record class whose equality contract is typeof", PolicyCheckLayer.Analyzer, "HMS0001", Header + """
            public sealed record Hidden(int Value);
            public sealed class EscapePolicy : PlacementPolicy { }
            """);
        yield return Case("recursion hidden in a lambda stored in a field", PolicyCheckLayer.Analyzer, "HMS0008",
            "private Func<long, long>? _down;\npublic override void Initialize(PolicySetup setup) { _down = n => n + _down!(n + 1); }\n" + Hook + "_down!(0); }");
        yield return Case("a LINQ method group, whose calls the meter cannot follow", PolicyCheckLayer.Loader, "HMS0200",
            Hook + "Func<int, int, IEnumerable<int>> repeat = System.Linq.Enumerable.Repeat; var n = System.Linq.Enumerable.Sum(repeat(0, int.MaxValue)); }");
        yield return Case("a LINQ method group through using static", PolicyCheckLayer.Loader, "HMS0200",
            Hook + "Func<int, int, IEnumerable<int>> range = Range; var n = range(0, 3); }", "using static System.Linq.Enumerable;\n");
        yield return Case("a method group of a BCL method that takes a size", PolicyCheckLayer.Loader, "HMS0200",
            Hook + "Func<int, string> pad = \"x\".PadLeft; var s = pad(int.MaxValue); }");
        yield return Case("a BCL method group, which would run unmetered inside LINQ", PolicyCheckLayer.Loader, "HMS0200",
            Hook + "Func<string, bool> empty = string.IsNullOrEmpty; var n = System.Linq.Enumerable.Count(new string[4], empty); }");
        // Review of session 11: the compiler sizes a spread's result by its Count and trusts it (new T[n],
        // CollectionsMarshal.SetCount): a policy type enumerable only by pattern cannot be handed over
        // without one, so it is rejected (it allocated 250 M elements past the array bound).
        yield return Case("a spread of a policy type enumerable by pattern, whose Count the compiler trusts", PolicyCheckLayer.Loader, "HMS0200",
            "private sealed class Liar { public int Count => 250_000_000; public Enumerator GetEnumerator() => new(); public struct Enumerator { public long Current => 0; public bool MoveNext() => false; } }\n"
            + Hook + "long[] a = [.. new Liar()]; var n = a.Length; }");
        // A search whose haystack follows ?. cannot be wrapped, and one search of a long needle in a long
        // string ran 67 s in a single call, beyond any time limit's reach (review of session 11).
        yield return Case("a computed needle searched for in a string reached through ?.", PolicyCheckLayer.Loader, "HMS0200",
            "private readonly string[] _held = [new string('a', 1 << 20)];\n" + Hook + "var t = new string('a', 1 << 18) + \"b\"; var n = _held?[0].IndexOf(t, StringComparison.Ordinal); }");
        // Named arguments used to turn the product off; out of their parameters' order the needle comes
        // before the haystack's mark, so a computed needle there is rejected.
        yield return Case("a computed needle named before its haystack in a static search", PolicyCheckLayer.Loader, "HMS0200",
            Hook + "var h = new string('a', 1 << 16); var t = new string('a', 1 << 15) + \"b\"; var n = MemoryExtensions.IndexOf(value: t.AsSpan(), span: h.AsSpan()); }");
        yield return Case("an iterator of a struct instance, whose body a local function cannot take", PolicyCheckLayer.Loader, "HMS0200",
            "private struct Pair { public long A; public IEnumerable<long> Both() { yield return A; } }\n" + Hook + "var n = 0L; foreach (var x in new Pair().Both()) { n += x; } }");
        yield return Case("a non-generic iterator, which the meter's wrapper cannot type", PolicyCheckLayer.Loader, "HMS0200",
            "private static System.Collections.IEnumerable Items() { yield return 1; }\n" + Hook + "var n = 0; foreach (var x in Items()) { n++; } }");
        yield return Case("an anonymous type whose synthesized ToString formats with a culture", PolicyCheckLayer.IlCheck, "HMS0102",
            Hook + "var x = new { A = 1, B = \"b\" }; var s = x.ToString(); }");
    }

    public static IEnumerable<TestCaseData> StoppedWhileRunning()
    {
        static TestCaseData Case(string name, string stoppedBy, string messagePart, string members) =>
            new TestCaseData(InPolicy(members), stoppedBy, messagePart).SetName("Stopped_while_running: " + name);

        const string Touch = "public override TargetId OnFirstTouch(FirstTouchContext context)\n{\n";
        yield return Case("while (true) in a hook", "fuel", "out of fuel", Touch + "while (true) { }\n}");
        yield return Case("a goto loop", "fuel", "out of fuel", Touch + "var n = 0;\nagain:\nn++;\nif (n >= 0) goto again;\nreturn context.DefaultTarget;\n}");
        yield return Case("an endless loop in finally", "fuel", "out of fuel", Touch + "try { return context.DefaultTarget; }\nfinally { for (;;) { } }\n}");
        const string Epoch = "public override void OnEpoch(EpochContext context)\n{\n";
        yield return Case("an endless loop in a lambda", "fuel", "out of fuel", Epoch + "Action spin = () => { while (true) { } };\nspin();\n}");
        yield return Case("recursion hidden in ToString through string interpolation", "stack guard", "stack guard",
            "public override string ToString() => $\"{this}!\";\n" + Epoch + "var s = ToString();\n}");
        yield return Case("recursion hidden in a comparer that sorts again", "stack guard", "stack guard",
            "private readonly List<int> _list = new() { 3, 1, 2 };\nprivate readonly Comparison<int> _order;\npublic EscapePolicy() { _order = Compare; }\n"
            + "private int Compare(int a, int b) { _list.Sort(_order); return a.CompareTo(b); }\n" + Epoch + "_list.Sort(_order);\n}");
        yield return Case("a huge array", "array bound", "exceeds the bound", Epoch + "var huge = new long[int.MaxValue];\nhuge[1] = 1;\n}");
        // Sizes handed to the BCL are bounded like array lengths.
        yield return Case("a list with a capacity of 2^31 - 1", "array bound", "exceeds the bound", Epoch + "var list = new List<long>(int.MaxValue);\nlist.Add(1);\n}");
        yield return Case("a list's capacity set to 2^31 - 1", "array bound", "exceeds the bound", Epoch + "var list = new List<long>();\nlist.Capacity = int.MaxValue;\n}");
        yield return Case("a string of 2^31 - 1 characters", "array bound", "exceeds the bound", Epoch + "var s = new string('x', int.MaxValue);\n}");
        yield return Case("a string padded to 2^31 - 1 characters", "array bound", "exceeds the bound", Epoch + "var s = \"x\".PadLeft(int.MaxValue);\n}");
        yield return Case("a character appended 2^31 - 1 times", "array bound", "exceeds the bound", Epoch + "var s = new System.Text.StringBuilder().Append('x', int.MaxValue);\n}");
        yield return Case("an array resized to 2^31 - 1", "array bound", "exceeds the bound", Epoch + "var a = new long[1];\nArray.Resize(ref a, int.MaxValue);\n}");

        // LINQ's own loops call no policy code: the lazy sequences a policy's LINQ calls make are metered per element.
        yield return Case("a LINQ count over 2^31 numbers", "fuel", "out of fuel", Epoch + "var n = System.Linq.Enumerable.Count(System.Linq.Enumerable.Range(0, int.MaxValue));\n}");
        yield return Case("a chain of 100 lazy Concats counted at once", "fuel", "out of fuel",
            Epoch + "var a = new long[1 << 16];\nIEnumerable<long> e = a;\nfor (var i = 0; i < 100; i++) { e = System.Linq.Enumerable.Concat(e, a); }\nvar n = System.Linq.Enumerable.LongCount(e);\n}");
        yield return Case("a chain of 100,000 lazy Concats, deep enough to overflow the stack when enumerated", "stack guard", "stack guard",
            Epoch + "var a = new long[1];\nIEnumerable<long> e = a;\nfor (var i = 0; i < 100_000; i++) { e = System.Linq.Enumerable.Concat(e, a); }\nvar n = System.Linq.Enumerable.LongCount(e);\n}");
        yield return Case("100,000 nested Distincts, deep enough to overflow the stack when enumerated", "stack guard", "stack guard",
            Epoch + "IEnumerable<long> e = new long[1];\nfor (var i = 0; i < 100_000; i++) { e = System.Linq.Enumerable.Distinct(e); }\nvar n = System.Linq.Enumerable.LongCount(e);\n}");
        yield return Case("a string joined from an endless Repeat", "fuel", "out of fuel", Epoch + "var s = string.Join(',', System.Linq.Enumerable.Repeat(\"x\", int.MaxValue));\n}");
        yield return new TestCaseData(
            InPolicy("private readonly long[]? _some = new long[4];\n" + Epoch + "var q = _some?.Select(x => x).Concat(Enumerable.Repeat(1L, int.MaxValue));\nvar m = (from x in q! where x > 1 select x).Sum();\n}", "using System.Linq;\n"),
            "fuel", "out of fuel").SetName("Stopped_while_running: a query over an endless Repeat under a conditional access");
        // Work the BCL does on what the policy already holds is charged by its size: each call below is
        // cheap on its own (64 Ki elements), and the loop of 1,000 of them would run almost unmetered.
        static TestCaseData Held(string name, string stoppedBy, string messagePart, string body) =>
            new TestCaseData(InPolicy(Epoch + "var a = new long[1 << 16];\nvar n = 0L;\n" + body + "\n}", "using System.Linq;\n"), stoppedBy, messagePart)
                .SetName("Stopped_while_running: " + name);

        yield return Held("a span search over a held array, in a loop", "fuel", "out of fuel", "for (var i = 0; i < 1000; i++) { n += a.AsSpan().IndexOf(5L); }");
        yield return Held("Array.IndexOf over a held array, in a loop", "fuel", "out of fuel", "for (var i = 0; i < 1000; i++) { n += Array.IndexOf(a, 5L); }");
        yield return Held("List.Contains over a held list, in a loop", "fuel", "out of fuel", "var l = new List<long>(a);\nfor (var i = 0; i < 1000; i++) { n += l.Contains(5L) ? 1 : 0; }");
        yield return Held("Distinct over a held array, in a loop", "fuel", "out of fuel", "for (var i = 0; i < 1000; i++) { n += a.Distinct().Count(); }");
        yield return Held("a stored Distinct counted again and again", "fuel", "out of fuel", "var d = a.Distinct();\nfor (var i = 0; i < 1000; i++) { n += d.Count(); }");
        yield return Held("Order then First over a held array, in a loop", "fuel", "out of fuel", "for (var i = 0; i < 1000; i++) { n += a.Order().First(); }");
        yield return Held("Sum over a held array, in a loop", "fuel", "out of fuel", "for (var i = 0; i < 1000; i++) { n += a.Sum(); }");
        yield return Held("string.Join over a held array, in a loop", "fuel", "out of fuel", "for (var i = 0; i < 1000; i++) { n += string.Join(',', a).Length; }");
        yield return Held("a set compared with itself, in a loop", "fuel", "out of fuel",
            "var h = new HashSet<long>();\nfor (var i = 0; i < 1 << 16; i++) { h.Add(i); }\nfor (var i = 0; i < 1000; i++) { n += h.SetEquals(h) ? 1 : 0; }");
        yield return Held("a string searched, in a loop", "fuel", "out of fuel", "var s = new string('x', 1 << 16);\nfor (var i = 0; i < 1000; i++) { n += s.IndexOf('y'); }");
        yield return Held("a long string key hashed, in a loop", "fuel", "out of fuel",
            "var k = new string('x', 1 << 16);\nvar map = new Dictionary<string, int>();\nfor (var i = 0; i < 1000; i++) { n += map.TryGetValue(k, out var v) ? v : 0; }");
        yield return Held("two long strings compared, in a loop", "fuel", "out of fuel",
            "var s = new string('x', 1 << 16);\nvar t = new string('x', 1 << 16);\nfor (var i = 0; i < 1000; i++) { n += s == t ? 1 : 0; }");
        yield return Held("a held array spread into a new one, in a loop", "fuel", "out of fuel", "for (var i = 0; i < 1000; i++) { long[] c = [.. a]; n += c.Length; }");
        yield return Held("a string sliced by a range, in a loop", "fuel", "out of fuel", "var s = new string('x', 1 << 16);\nfor (var i = 0; i < 1000; i++) { n += s[1..].Length; }");
        yield return Held("a string doubled until it is too long", "array bound", "exceeds the bound", "var s = \"x\";\nfor (var i = 0; i < 40; i++) { s += s; }\nn = s.Length;");
        yield return Held("a string doubled by interpolation", "array bound", "exceeds the bound", "var s = \"x\";\nfor (var i = 0; i < 40; i++) { s = $\"{s}{s}\"; }\nn = s.Length;");
        yield return Held("a string doubled by Replace", "fuel", "out of fuel", "var s = \"xx\";\nfor (var i = 0; i < 40; i++) { s = s.Replace(\"x\", \"xx\"); }\nn = s.Length;");
        // Session 11: what the review of session 10 found still unmetered. Each operand below is within
        // the budget alone; the searches cost the product of haystack and needle.
        const string Emptied = "var d = new Dictionary<long, long>();\nfor (var i = 0; i < 1 << 16; i++) { d[i] = i; }\nfor (var i = 0; i < (1 << 16) - 1; i++) { d.Remove(i); }\n";
        yield return Held("First of a hash table emptied to its last entry, in a loop", "fuel", "out of fuel", Emptied + "for (var i = 0; i < 1000; i++) { n += d.First().Key; }");
        yield return Held("a hash table emptied to its last entry, walked in a loop", "fuel", "out of fuel", Emptied + "for (var i = 0; i < 1000; i++) { foreach (var p in d) { n += p.Key; } }");
        yield return Held("a hash table emptied to its last entry, deconstructed by foreach in a loop", "fuel", "out of fuel", Emptied + "for (var i = 0; i < 1000; i++) { foreach (var (k, v) in d) { n += k; } }");
        yield return Held("the keys of a hash table emptied to its last entry, walked in a loop", "fuel", "out of fuel", Emptied + "for (var i = 0; i < 1000; i++) { foreach (var k in d.Keys) { n += k; } }");
        yield return Held("the first key of a hash table emptied to its last entry, in a loop", "fuel", "out of fuel", Emptied + "for (var i = 0; i < 1000; i++) { n += d.Keys.First(); }");
        yield return Held("the values of a hash table emptied to its last entry, searched in a loop", "fuel", "out of fuel", Emptied + "for (var i = 0; i < 1000; i++) { n += d.Values.Contains(-1) ? 1 : 0; }");
        yield return Held("the keys of a hash table emptied to its last entry, copied in a loop", "fuel", "out of fuel", Emptied + "for (var i = 0; i < 1000; i++) { n += new List<long>(d.Keys).Count; }");
        yield return Held("a large hash table holding one entry, cleared in a loop", "fuel", "out of fuel",
            "var d = new HashSet<long>(1 << 16);\nfor (var i = 0; i < 1000; i++) { d.Add(i); d.Clear(); }");
        yield return Held("a dictionary copied, in a loop", "fuel", "out of fuel",
            "var d = new Dictionary<long, long>();\nfor (var i = 0; i < 1 << 16; i++) { d[i] = i; }\nfor (var i = 0; i < 1000; i++) { n += new Dictionary<long, long>(d).Count; }");
        yield return Held("an immutable array added to another, in a loop", "fuel", "out of fuel",
            "var m = System.Collections.Immutable.ImmutableArray.Create(a);\nfor (var i = 0; i < 1000; i++) { n += System.Collections.Immutable.ImmutableArray<long>.Empty.AddRange(m).Length; }");
        yield return Held("the first of a reversed list, in a loop", "fuel", "out of fuel", "var l = new List<long>(a);\nfor (var i = 0; i < 1000; i++) { n += Enumerable.Reverse(l).First(); }");
        yield return Held("a builder padded by a format, in a loop", "fuel", "out of fuel",
            "var sb = new System.Text.StringBuilder();\nfor (var i = 0; i < 1000; i++) { sb.Clear(); sb.AppendFormat(\"{0,65536}\", i); n += sb.Length; }");
        yield return Held("the first character of a long builder, read in a loop (a walk over its chunks)", "fuel", "out of fuel",
            "var sb = new System.Text.StringBuilder();\nfor (var i = 0; i < 128; i++) { sb.Append('x', 8000); }\nfor (var i = 0; i < 10_000; i++) { n += sb[0]; }");
        yield return Held("a short piece of a long builder, taken in a loop", "fuel", "out of fuel",
            "var sb = new System.Text.StringBuilder();\nfor (var i = 0; i < 128; i++) { sb.Append('x', 8000); }\nfor (var i = 0; i < 10_000; i++) { n += sb.ToString(0, 1).Length; }");
        yield return Held("an array of long strings concatenated, bounded before the BCL allocates", "array bound", "exceeds the bound",
            "var big = new string('x', 1 << 19);\nvar parts = new string[4096];\nArray.Fill(parts, big);\nn = string.Concat(parts).Length;");
        yield return Held("an array of long strings joined, bounded before the BCL allocates", "array bound", "exceeds the bound",
            "var big = new string('x', 1 << 19);\nvar parts = new string[4096];\nArray.Fill(parts, big);\nn = string.Join(',', parts).Length;");
        yield return Held("a builder appended to itself until it is too long", "array bound", "exceeds the bound",
            "var sb = new System.Text.StringBuilder(\"x\");\nfor (var i = 0; i < 40; i++) { sb.Append((object)sb); }\nn = sb.Length;");
        yield return Held("a long string split into two parts, in a loop", "fuel", "out of fuel",
            "var s = new string('x', 1 << 16);\nfor (var i = 0; i < 1000; i++) { n += s.Split(new[] { ',' }, 2).Length; }");
        yield return Held("a long list's first element removed by range, in a loop", "fuel", "out of fuel",
            "var l = new List<long>(a);\nfor (var i = 0; i < 1000; i++) { l.RemoveRange(0, 1); l.Add(i); }");
        yield return Held("a builder made from a long string with a small capacity, in a loop", "fuel", "out of fuel",
            "var s = new string('x', 1 << 16);\nfor (var i = 0; i < 1000; i++) { n += new System.Text.StringBuilder(s, 16).Length; }");
        yield return Held("a long needle in a long string, searched once", "fuel", "out of fuel",
            "var h = new string('a', 1 << 16);\nvar t = new string('a', 1 << 15) + \"b\";\nn = h.IndexOf(t, StringComparison.Ordinal);");
        yield return Held("a long span needle in a long span, searched once", "fuel", "out of fuel",
            "var h = new string('a', 1 << 16);\nvar t = new string('a', 1 << 15) + \"b\";\nn = h.AsSpan().IndexOf(t.AsSpan());");
        const string LongPair = "var h = new string('a', 1 << 16);\nvar t = new string('a', 1 << 15) + \"b\";\n";
        // Named arguments used to turn the product off: one such search runs for hours with no metered point in it.
        yield return Held("a long needle in a long string, searched once with named arguments", "fuel", "out of fuel",
            LongPair + "n = h.IndexOf(comparisonType: StringComparison.Ordinal, value: t);");
        yield return Held("a long string searched from a named start index with a long needle, once", "fuel", "out of fuel",
            LongPair + "n = h.IndexOf(t, startIndex: 0, comparisonType: StringComparison.Ordinal);");
        yield return Held("a long builder searched by Replace for a long needle, once", "fuel", "out of fuel",
            LongPair + "var sb = new System.Text.StringBuilder(h);\nn = sb.Replace(t, \"x\").Length;");
        // The second review: one long string stored 2^20 times, searched for a string of its length that
        // differs at the end, ran 45 s in one Array.IndexOf call; each element comparison reads the needle.
        const string SharedLong = "var s = new string('a', 1 << 16);\nvar arr = new string[1 << 10];\nArray.Fill(arr, s);\nvar t = new string('a', (1 << 16) - 1) + \"b\";\n";
        yield return Held("an array holding one long string many times, searched for another long string, once", "fuel", "out of fuel",
            SharedLong + "n = Array.IndexOf(arr, t);");
        yield return Held("a list holding one long string many times, searched for another long string, once", "fuel", "out of fuel",
            SharedLong + "var l = new List<string>(arr);\nn = l.Contains(t) ? 1 : 0;");
        yield return Held("a long needle whose haystack mark a search skipped by ?. left behind", "fuel", "out of fuel",
            LongPair + "string? none = null;\nn = h.IndexOf(none?.Contains(\"x\") is null ? t : t, StringComparison.Ordinal);");
        yield return Held("a long string split at an array of one long separator, once", "fuel", "out of fuel",
            LongPair + "n = h.Split(new[] { t }, StringSplitOptions.None).Length;");
        yield return Held("a long span split at a long separator, once", "fuel", "out of fuel",
            LongPair + "var parts = new Range[2];\nn = h.AsSpan().Split(parts, t.AsSpan());");
        yield return Held("a string trimmed of a long set of characters, once", "fuel", "out of fuel",
            "var h = new string('a', 1 << 16);\nvar set = new char[1 << 15];\nset[^1] = 'a';\nn = h.Trim(set).Length;");
        // Iterators (accepted since session 11): each live one counts a level, so a chain of them nested
        // deeper than the guard stops there instead of overflowing the stack, which would end the process.
        yield return Case("iterators nested 100,000 deep through a linked structure (a stack overflow ending the process, at the default budget)", "stack guard", "stack guard",
            "private sealed class Node : IEnumerable<long>\n{\npublic Node? Next;\npublic IEnumerator<long> GetEnumerator()\n{\nIEnumerable<long> rest = Next ?? (IEnumerable<long>)Array.Empty<long>();\nforeach (var x in rest) { yield return x; }\nyield return 1;\n}\n"
            + "System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();\n}\n"
            + Epoch + "var head = new Node();\nfor (var i = 0; i < 100_000; i++) { head = new Node { Next = head }; }\nvar n = 0L;\nforeach (var x in head) { n += x; }\n}");
        // Found by the review of the first version, which counted an iterator's level from its start to
        // its end: one resumed in a later hook call was not counted at all (a chain grown 200 levels a
        // call, moved from its top), and one finished in a later call took a level off that call.
        // Both overflowed the stack, ending the process. Now each MoveNext and Dispose is a level.
        yield return Case("iterators resumed in later hook calls, a chain grown 200 levels a call", "stack guard", "stack guard",
            "\n    private const int Levels = 20_000;\n    private readonly Cell[] _cells = new Cell[Levels];\n    private readonly IEnumerator<long>[] _its = new IEnumerator<long>[Levels];\n    private IEnumerator<long> _top;\n    private int _built;\n\n    public EscapePolicy()\n    {\n        _top = Forever().GetEnumerator();\n        for (var i = 0; i < Levels; i++) { _cells[i] = new Cell(); _its[i] = Wrap(_cells[i]).GetEnumerator(); }\n    }\n\n    private sealed class Cell { public IEnumerator<long>? Inner; }\n\n    private static IEnumerable<long> Forever() { while (true) { yield return 1; } }\n\n    private static IEnumerable<long> Wrap(Cell cell)\n    {\n        var inner = cell.Inner!;\n        while (inner.MoveNext()) { yield return inner.Current; }\n    }\n\n    public override bool WantsEveryAccess => true;\n\n    public override void OnAccess(AccessContext context)\n    {\n        for (var i = 0; i < 200 && _built < Levels; i++)\n        {\n            _cells[_built].Inner = _top;\n            _top = _its[_built++];\n        }\n\n        _top.MoveNext();\n    }\n");
        yield return Case("iterators started in earlier hook calls, disposed deep in a chain", "stack guard", "stack guard",
            "\n    private const int Levels = 20_000;\n    private readonly IEnumerator<long>[] _its = new IEnumerator<long>[Levels + 10];\n    private int _started;\n    private bool _done;\n\n    public EscapePolicy()\n    {\n        for (var i = 0; i < _its.Length; i++) { _its[i] = One().GetEnumerator(); }\n    }\n\n    private static IEnumerable<long> One()\n    {\n        yield return 1;\n        yield return 2;\n    }\n\n    public override bool WantsEveryAccess => true;\n\n    public override void OnAccess(AccessContext context)\n    {\n        // Each started iterator counts a level while live, but only in this call: the next call begins at depth 0.\n        for (var i = 0; i < 200 && _started < _its.Length; i++)\n        {\n            _its[_started++].MoveNext();\n        }\n    }\n\n    public override void OnEpoch(EpochContext context)\n    {\n        if (_done || _started < _its.Length) { return; }\n        _done = true;\n        var box = new Box { Its = _its, Left = _its.Length };\n        var head = new Node(box);\n        for (var i = 0; i < Levels; i++) { head = new Node(box) { Next = head }; }\n        var n = 0L;\n        foreach (var x in head) { n += x; }\n        throw new InvalidOperationException(\"survived, n=\" + n);\n    }\n\n    private sealed class Box\n    {\n        public IEnumerator<long>[] Its = [];\n        public int Left;\n    }\n\n    private sealed class Node : IEnumerable<long>\n    {\n        private readonly Box _box;\n        public Node? Next;\n        public Node(Box box) { _box = box; }\n\n        public IEnumerator<long> GetEnumerator()\n        {\n            // Finishing a stale iterator runs its finally: Fuel.Exit takes a level off this call's count.\n            _box.Its[--_box.Left].Dispose();\n            if (Next is null)\n            {\n                throw new InvalidOperationException(\"reached the bottom, stale left \" + _box.Left);\n            }\n\n            foreach (var x in Next) { yield return x; }\n        }\n\n        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();\n    }\n");
        yield return Case("an endless iterator counted by LINQ", "fuel", "out of fuel",
            "private static IEnumerable<long> Forever() { while (true) { yield return 1; } }\n" + Epoch + "var n = System.Linq.Enumerable.Count(Forever());\n}");
        yield return Case("a collection whose Count is negative, searched in an endless loop (each charge was a refund)", "fuel", "out of fuel",
            "private sealed class Liar : ICollection<long>\n{\npublic int Count => int.MinValue;\npublic bool IsReadOnly => true;\npublic void Add(long item) { }\npublic void Clear() { }\n"
            + "public bool Contains(long item) => false;\npublic void CopyTo(long[] array, int arrayIndex) { }\npublic bool Remove(long item) => false;\n"
            + "public IEnumerator<long> GetEnumerator() { yield break; }\nSystem.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();\n}\n"
            + "private readonly ICollection<long> _c = new Liar();\n" + Epoch + "var n = 0;\nwhile (true) { if (_c.Contains(1)) { n++; } }\n}");
        yield return Case("a call site entered again from its own start index through a foreach, with a null receiver", "fuel", "out of fuel",
            "private readonly Cutter _cutter = new();\nprivate long _n;\n"
            + "private sealed class Again : IEnumerable<int>\n{\npublic Cutter? Owner;\npublic IEnumerator<int> GetEnumerator() { yield return Owner!.Cut(null); }\nSystem.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();\n}\n"
            + "private sealed class Cutter\n{\nprivate readonly Again _again = new();\npublic Cutter() { _again.Owner = this; }\n"
            + "public int Cut(string? x) => x?.Substring(x.Length == 0 ? 0 : Zero()).Length ?? 0;\n"
            + "private int Zero() { foreach (var z in _again) { return z; } return 0; }\n}\n"
            + Epoch + "var big = new string('a', 1 << 19);\nfor (var k = 0; k < 1000; k++) { _n += _cutter.Cut(big); }\n}");
        yield return Case("a policy list type searching itself through an implicit receiver, in a loop", "fuel", "out of fuel",
            "private sealed class Bag : List<long> { public Bag() : base(new long[1 << 16]) { } public bool Has(long x) => Contains(x); }\n"
            + Epoch + "var bag = new Bag();\nvar n = 0;\nfor (var i = 0; i < 1000; i++) { n += bag.Has(5) ? 1 : 0; }\n}");
        yield return new TestCaseData(
            InPolicy("private sealed class Mine : List<long> { }\n"
                + Epoch + "var mine = new Mine();\nmine.AddRange(new long[1 << 16]);\nvar n = 0L;\nfor (var i = 0; i < 1000; i++) { n += new List<long>(mine).Count; }\n}"),
            "fuel", "out of fuel").SetName("Stopped_while_running: a policy's own list type handed to the BCL to copy, in a loop");
        yield return Case("an unknown target", "engine validation", "not a usable target", Touch + "return new TargetId(99);\n}");
        yield return Case("a migration to an unknown target", "engine validation", "not a usable target",
            "public override void OnNonLocalAccess(AccessContext context)\n{\ncontext.Migrate(new TargetId(42));\n}");
        yield return Case("an exception thrown by the policy", "exception", "InvalidOperationException: boom", Touch + "throw new InvalidOperationException(\"boom\");\n}");
        yield return Case("a constructor that never ends", "fuel", "out of fuel", "public EscapePolicy()\n{\nwhile (true) { }\n}");
    }

    [SetUp]
    public void SetUp()
    {
        _dir = new TempDirectory();
        _canary = _dir.File("canary");
    }

    [TearDown]
    public void TearDown()
    {
        Assert.That(File.Exists(_canary), Is.False, "the escape wrote the canary file (a file was written or a process ran)");
        Assert.That(Environment.HasShutdownStarted, Is.False, "the test process is shutting down");
        _dir.Dispose();
    }

    [TestCaseSource(nameof(RejectedBeforeRunning))]
    public void Rejected_before_running(string source, PolicyCheckLayer layer, string id)
    {
        var path = _dir.Write("escape.csx", source.Replace("CANARY", _canary.Replace("\\", "\\\\", StringComparison.Ordinal), StringComparison.Ordinal));

        var result = Loader.Check(path);

        var errors = result.Diagnostics.Where(d => d.IsError).ToList();
        TestContext.Out.WriteLine($"stopped by {layer} {id}:");
        foreach (var d in errors)
        {
            TestContext.Out.WriteLine("  " + d);
        }

        Assert.That(result.Succeeded, Is.False, "the policy was accepted");
        Assert.That(errors.Select(d => (d.Layer, d.Id)), Does.Contain((layer, id)), string.Join(Environment.NewLine, errors));
        Assert.That(errors.All(d => d.File == path && d.Line >= 1 && d.Column >= 1), Is.True);
    }

    [TestCaseSource(nameof(StoppedWhileRunning))]
    public void Stopped_while_running(string source, string stoppedBy, string messagePart)
    {
        var path = _dir.Write("escape.csx", source);
        var script = Loader.Load(path);
        var budget = new FuelBudget { StepsPerCall = 200_000, MaxArrayLength = 1 << 20 };

        var fault = Assert.ThrowsAsync<PolicyFaultException>(() => Replays.RunAsync(_dir, Replays.SmallCpuGpuTrace(_dir), Replays.CpuGpu(), Replays.Source(script, budget)))
            ?? (Exception?)null;
        TestContext.Out.WriteLine($"stopped by {stoppedBy}: {fault?.Message}");

        Assert.That(fault!.Message, Does.Contain(messagePart));
        Assert.That(fault.Message, Does.Match(@"policy fault in \w+ at trace record -?\d+"), "names the hook and the record");
        if (stoppedBy != "engine validation")
        {
            Assert.That(fault.Message, Does.Match(@"escape\.csx\(\d+\)"), "names the script file and line");
        }
    }

    [Test]
    public void An_endless_loop_names_the_line_of_the_loop_the_hook_and_the_record()
    {
        var path = _dir.Write("spin.csx", Header + "public sealed class Spin : PlacementPolicy\n{\n    public override TargetId OnFirstTouch(FirstTouchContext context)\n    {\n        while (true)\n        {\n        }\n    }\n}\n");
        var script = Loader.Load(path);

        var fault = Assert.ThrowsAsync<PolicyFaultException>(() => Replays.RunAsync(_dir, Replays.SmallCpuGpuTrace(_dir), Replays.CpuGpu(), Replays.Source(script, new FuelBudget { StepsPerCall = 1000 })));

        Assert.That(fault!.Message, Does.StartWith("policy fault in OnFirstTouch at trace record 1: spin.csx(8): out of fuel: the hook call's budget of 1000 steps is spent"));
        Assert.That(fault.Hook, Is.EqualTo("OnFirstTouch"));
        Assert.That(fault.RecordIndex, Is.EqualTo(1));
    }

    [Test]
    public async Task A_faulting_policy_falls_back_to_the_default_policy_when_asked_and_the_fault_is_recorded()
    {
        var path = _dir.Write("spin.csx", InPolicy("public override TargetId OnFirstTouch(FirstTouchContext context) { while (true) { } }"));
        var script = Loader.Load(path);

        var result = await Replays.RunAsync(_dir, Replays.SmallCpuGpuTrace(_dir), Replays.CpuGpu(), Replays.Source(script, new FuelBudget { StepsPerCall = 1000 }),
            new ReplayOptions { EpochNs = 1_000_000, OnPolicyFault = PolicyFaultMode.Fallback });

        Assert.That(result.Totals.PolicyFaults, Is.EqualTo(1));
        Assert.That(result.Totals.FirstPolicyFault, Does.Contain("spin.csx(").And.Contain("out of fuel"));
        Assert.That(result.Totals.PolicyFuelUsed, Is.EqualTo(1000));
    }

    [Test]
    public void The_run_budget_stops_a_policy_that_spends_a_little_on_every_call()
    {
        var path = _dir.Write("busy.csx", InPolicy("public override TargetId OnFirstTouch(FirstTouchContext context)\n{\nfor (var i = 0; i < 100; i++) { }\nreturn context.DefaultTarget;\n}"));
        var script = Loader.Load(path);

        var fault = Assert.ThrowsAsync<PolicyFaultException>(() => Replays.RunAsync(_dir, Replays.SmallCpuGpuTrace(_dir), Replays.CpuGpu(), Replays.Source(script, new FuelBudget { StepsPerCall = 1000, StepsPerRun = 2500 })));

        Assert.That(fault!.Message, Does.Contain("the run's budget of 2500 steps is spent"));
    }

    // The wall-clock backstop: with fuel that would last for days, the time limit stops the call at
    // its next metered point; no timing is asserted, only that it stops and says why.
    [TestCase("an endless empty loop", "while (true) { }")]
    [TestCase("a BCL copy the cost model charges nothing for, in an endless loop",
        "var d = new Dictionary<long, long>();\nfor (var i = 0; i < 4096; i++) { d[i] = i; }\nlong n = 0;\nwhile (true) { n += new Dictionary<long, long>(d).Count; }")]
    public void The_time_limit_stops_a_call_the_fuel_would_let_run_for_days(string name, string body)
    {
        var path = _dir.Write("slow.csx", InPolicy("public override void OnEpoch(EpochContext context)\n{\n" + body + "\n}"));
        var script = Loader.Load(path);
        var budget = new FuelBudget { StepsPerCall = 1L << 50, StepsPerRun = 1L << 60, TimePerCall = TimeSpan.FromMilliseconds(300) };

        var fault = Assert.ThrowsAsync<PolicyFaultException>(() => Replays.RunAsync(_dir, Replays.SmallCpuGpuTrace(_dir), Replays.CpuGpu(), Replays.Source(script, budget)));

        Assert.That(fault!.Message, Does.Match(@"^policy fault in OnEpoch at trace record \d+: slow\.csx\(\d+\): time limit"), name);
        Assert.That(fault.Message, Does.Contain("time limit: the hook call ran longer than 0.3 s of wall-clock time").And.Contain("raise --time-per-call"), name);
    }

    [Test]
    public void A_stop_by_the_time_limit_fails_the_run_even_in_fallback_mode()
    {
        var path = _dir.Write("slow.csx", InPolicy("public override TargetId OnFirstTouch(FirstTouchContext context) { while (true) { } }"));
        var script = Loader.Load(path);
        var budget = new FuelBudget { StepsPerCall = 1L << 50, StepsPerRun = 1L << 60, TimePerCall = TimeSpan.FromMilliseconds(300) };

        var fault = Assert.ThrowsAsync<PolicyFaultException>(() => Replays.RunAsync(_dir, Replays.SmallCpuGpuTrace(_dir), Replays.CpuGpu(), Replays.Source(script, budget),
            new ReplayOptions { EpochNs = 1_000_000, OnPolicyFault = PolicyFaultMode.Fallback }));

        Assert.That(fault!.Message, Does.Contain("time limit"), "falling back at a point that depends on the machine's speed would make the results depend on it");
    }

    [Test]
    public async Task A_call_that_finishes_within_the_time_limit_is_not_stopped_by_it()
    {
        // Many short calls, together far longer than the limit: the limit is per call.
        var path = _dir.Write("busy.csx", InPolicy("public override TargetId OnFirstTouch(FirstTouchContext context)\n{\nlong n = 0;\nfor (var i = 0; i < 4_000_000; i++) { n += i; }\nreturn n > 0 ? context.DefaultTarget : context.DefaultTarget;\n}"));
        var script = Loader.Load(path);
        var budget = new FuelBudget { TimePerCall = TimeSpan.FromMilliseconds(250) };

        var result = await Replays.RunAsync(_dir, Replays.SmallCpuGpuTrace(_dir), Replays.CpuGpu(), Replays.Source(script, budget));

        Assert.That(result.Totals.PolicyFaults, Is.Zero);
        Assert.That(result.Totals.PolicyFuelUsed, Is.GreaterThan(4_000_000L * 64));
    }

    private static string InPolicy(string members, string usings = "") =>
        usings + Header + "public sealed class EscapePolicy : PlacementPolicy\n{\n" + members + "\n}\n";
}
