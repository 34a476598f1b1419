using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace HmsTrace.Analyzers.Analysis;

/// <summary>How a hook is called by the engine.</summary>
internal enum HookKind
{
    /// <summary>Constructor or Initialize: allocation is expected here.</summary>
    Initialization,

    /// <summary>Called per access record: OnAccess, OnNonLocalAccess, OnFirstTouch.</summary>
    Hot,

    /// <summary>Called per event: OnHint, OnEpoch, OnPressure, OnUnmap, OnRemap.</summary>
    Other,
}

/// <summary>
/// The call graph of a compilation's own code (methods, accessors, constructors, operators, local
/// functions, lambdas), with the allocation and slow-pattern sites inside each function. Built
/// concurrently by operation actions, read once at compilation end.
/// </summary>
/// <remarks>
/// Conservative where the target is not known statically: a call to a virtual or interface member
/// reaches every override or implementation in source; a delegate invocation reaches every lambda
/// and method group the compilation turns into a delegate; creating a lambda reaches it.
/// Callbacks from BCL code (a comparer called by <c>List.Sort</c>) are not modelled.
/// </remarks>
internal sealed class CallGraph
{
    private static readonly NodeKey AnyDelegate = new(null, default, null);

    private readonly ConcurrentDictionary<NodeKey, string> _names = new();
    private readonly ConcurrentBag<(NodeKey From, NodeKey To, Location? Site, bool Virtual)> _edges = new();
    private readonly ConcurrentDictionary<NodeKey, (HookKind Kind, string Hook)> _roots = new();
    private readonly ConcurrentBag<(NodeKey Virtual, NodeKey Implementation)> _dispatch = new();
    private readonly ConcurrentBag<Site> _allocations = new();
    private readonly ConcurrentBag<Site> _slowPatterns = new();

    /// <summary>Collects the graph of each compilation and hands it to <paramref name="onEnd"/>.</summary>
    public static void Register(AnalysisContext context, Action<Result, CompilationAnalysisContext> onEnd)
    {
        context.RegisterCompilationStartAction(start =>
        {
            var graph = new CallGraph();
            start.RegisterSymbolAction(c => graph.AddType((INamedTypeSymbol)c.Symbol), SymbolKind.NamedType);
            start.RegisterOperationAction(c => graph.AddOperation(c.Operation, c.ContainingSymbol), OperationKinds);
            start.RegisterCompilationEndAction(c => onEnd(graph.Analyze(), c));
        });
    }

    private static readonly ImmutableArray<OperationKind> OperationKinds = ImmutableArray.Create(
        OperationKind.Invocation, OperationKind.ObjectCreation, OperationKind.AnonymousObjectCreation,
        OperationKind.ArrayCreation, OperationKind.CollectionExpression, OperationKind.DelegateCreation,
        OperationKind.AnonymousFunction, OperationKind.MethodReference, OperationKind.PropertyReference,
        OperationKind.Binary, OperationKind.Unary, OperationKind.Increment, OperationKind.Decrement,
        OperationKind.CompoundAssignment, OperationKind.Conversion, OperationKind.InterpolatedString,
        OperationKind.Loop);

    private void AddType(INamedTypeSymbol type)
    {
        foreach (var member in type.GetMembers())
        {
            if (member is not IMethodSymbol method || !SymbolFacts.IsInSource(method))
            {
                continue;
            }

            var key = NodeKey.Of(method);
            _names.TryAdd(key, Describe(method));
            if (method.MethodKind == MethodKind.Constructor)
            {
                _roots.TryAdd(key, (HookKind.Initialization, type.Name + " constructor"));
            }
            else if (SymbolFacts.OverriddenHook(method) is { } hook)
            {
                var kind = hook == "Initialize" ? HookKind.Initialization
                    : SymbolFacts.HotHooks.Contains(hook) ? HookKind.Hot : HookKind.Other;
                _roots.TryAdd(key, (kind, hook));
            }

            for (var overridden = method.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
            {
                _dispatch.Add((NodeKey.Of(overridden), key));
            }
        }

        foreach (var implemented in type.AllInterfaces)
        {
            foreach (var member in implemented.GetMembers())
            {
                if (member is IMethodSymbol interfaceMethod
                    && type.FindImplementationForInterfaceMember(interfaceMethod) is IMethodSymbol implementation
                    && SymbolFacts.IsInSource(implementation))
                {
                    _dispatch.Add((NodeKey.Of(interfaceMethod), NodeKey.Of(implementation)));
                }
            }
        }
    }

    private void AddOperation(IOperation operation, ISymbol containingSymbol)
    {
        var (current, inThrow) = EnclosingFunction(operation, containingSymbol);
        var site = operation.Syntax.GetLocation();
        switch (operation)
        {
            case IInvocationOperation invocation:
                var target = invocation.TargetMethod;
                if (target.MethodKind == MethodKind.DelegateInvoke)
                {
                    AddEdge(current, AnyDelegate, site);
                }
                else
                {
                    // 'base.M()' and calls to non-virtual members reach exactly their target.
                    AddEdge(current, NodeKey.Of(target), site, invocation.IsVirtual);
                }

                if (target.ContainingType is { } declaring && SymbolFacts.MetadataName(declaring) == "System.Linq.Enumerable")
                {
                    AddAllocation(current, inThrow, site, "The LINQ call '" + target.Name + "'");
                }
                else
                {
                    AddSlowCall(current, invocation, site);
                }

                break;
            case IObjectCreationOperation creation when creation.Syntax is not AttributeSyntax:
                if (creation.Constructor is { } constructor)
                {
                    AddEdge(current, NodeKey.Of(constructor), site);
                }

                if (creation.Type is { IsReferenceType: true } created)
                {
                    AddAllocation(current, inThrow, site, "'new " + created.ToDisplayString() + "'");
                }

                break;
            case IAnonymousObjectCreationOperation:
                AddAllocation(current, inThrow, site, "An anonymous object");
                break;
            case IArrayCreationOperation:
                AddAllocation(current, inThrow, site, "An array creation");
                break;
            case ICollectionExpressionOperation collection when !IsSpan(collection.Type):
                AddAllocation(current, inThrow, site, "A collection expression");
                break;
            case IDelegateCreationOperation:
                AddAllocation(current, inThrow, site, "A delegate (lambda or method group)");
                break;
            case IAnonymousFunctionOperation lambda:
                var lambdaKey = NodeKey.Of(lambda.Symbol);
                _names.TryAdd(lambdaKey, "lambda at line " + (site.GetLineSpan().StartLinePosition.Line + 1));
                AddEdge(current, lambdaKey, null);
                AddEdge(AnyDelegate, lambdaKey, null);
                break;
            case IMethodReferenceOperation methodReference:
                AddEdge(current, NodeKey.Of(methodReference.Method), site);
                AddEdge(AnyDelegate, NodeKey.Of(methodReference.Method), null);
                break;
            case IPropertyReferenceOperation property:
                var (reads, writes) = Access(property);
                if (reads && property.Property.GetMethod is { } getter)
                {
                    AddEdge(current, NodeKey.Of(getter), site);
                }

                if (writes && property.Property.SetMethod is { } setter)
                {
                    AddEdge(current, NodeKey.Of(setter), site);
                }

                AddSlowMember(current, property.Property, site);
                break;
            case IBinaryOperation binary:
                AddOperator(current, binary.OperatorMethod, site);
                if (binary.OperatorKind == BinaryOperatorKind.Add && binary.Type?.SpecialType == SpecialType.System_String && !binary.ConstantValue.HasValue)
                {
                    AddAllocation(current, inThrow, site, "String concatenation");
                }

                break;
            case IUnaryOperation unary:
                AddOperator(current, unary.OperatorMethod, site);
                break;
            case IIncrementOrDecrementOperation increment:
                AddOperator(current, increment.OperatorMethod, site);
                break;
            case ICompoundAssignmentOperation compound:
                AddOperator(current, compound.OperatorMethod, site);
                break;
            case IConversionOperation conversion:
                AddOperator(current, conversion.OperatorMethod, site);
                // 'text + number' compiles to number.ToString(), not to boxing.
                if (conversion.GetConversion().IsBoxing && conversion.Operand.Type is { } boxed
                    && conversion.Parent is not IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, Type.SpecialType: SpecialType.System_String })
                {
                    AddAllocation(current, inThrow, site, "Boxing of '" + boxed.ToDisplayString() + "'");
                }

                break;
            case IInterpolatedStringOperation interpolated when !interpolated.ConstantValue.HasValue:
                AddAllocation(current, inThrow, site, "String interpolation");
                break;
            case IForEachLoopOperation forEach:
                var collectionType = Unconverted(forEach.Collection).Type;
                if (collectionType is { TypeKind: TypeKind.Interface })
                {
                    var header = forEach.Syntax is CommonForEachStatementSyntax statement
                        ? Location.Create(statement.SyntaxTree, Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(statement.ForEachKeyword.SpanStart, statement.CloseParenToken.Span.End))
                        : site;
                    _slowPatterns.Add(new Site(current, header,
                        "'foreach' over the interface '" + collectionType.ToDisplayString() + "' boxes its enumerator and calls through interfaces; iterate the concrete collection"));
                }

                break;
        }
    }

    private void AddEdge(NodeKey from, NodeKey to, Location? site, bool isVirtual = true) => _edges.Add((from, to, site, isVirtual));

    private void AddOperator(NodeKey current, IMethodSymbol? operatorMethod, Location site)
    {
        if (operatorMethod is not null && SymbolFacts.IsInSource(operatorMethod))
        {
            AddEdge(current, NodeKey.Of(operatorMethod), site);
        }
    }

    private void AddAllocation(NodeKey current, bool inThrow, Location site, string what)
    {
        // Allocating the exception (and its message) on the way out of a failing hook is fine.
        if (!inThrow)
        {
            _allocations.Add(new Site(current, site, what));
        }
    }

    private static readonly HashSet<string> AllocatingCalls = new(StringComparer.Ordinal)
    {
        "ToArray", "ToList", "ToString", "ToCharArray", "Split", "Substring", "Join", "Concat", "Format",
        "Replace", "ToUpperInvariant", "ToLowerInvariant", "Trim", "TrimStart", "TrimEnd", "PadLeft",
        "PadRight", "Insert",
    };

    private void AddSlowCall(NodeKey current, IInvocationOperation invocation, Location site)
    {
        var method = invocation.TargetMethod;
        if (method.ContainingType is not { } declaring || SymbolFacts.IsInSource(declaring))
        {
            return;
        }

        var typeName = SymbolFacts.MetadataName(declaring);
        if (AllocatingCalls.Contains(method.Name) && (method.Name is "ToArray" or "ToList" or "ToString" || typeName == "System.String"))
        {
            _slowPatterns.Add(new Site(current, site, "'" + method.Name + "' allocates a new object on every call; precompute it or use spans"));
            return;
        }

        if (typeName == "System.Collections.Generic.LinkedList`1" && method.Name is "AddFirst" or "AddLast" or "AddBefore" or "AddAfter"
            && method.Parameters.Length > 0 && method.Parameters[method.Parameters.Length - 1].Type is not INamedTypeSymbol { Name: "LinkedListNode" })
        {
            _slowPatterns.Add(new Site(current, site, "'LinkedList." + method.Name + "' with a value allocates a node; reuse LinkedListNode instances or use index-linked arrays"));
            return;
        }

        AddSlowMember(current, method, site);
    }

    private void AddSlowMember(NodeKey current, ISymbol member, Location site)
    {
        if (member.ContainingType is not { TypeArguments.Length: > 0 } declaring)
        {
            return;
        }

        var typeName = SymbolFacts.MetadataName(declaring);
        if (typeName is not ("System.Collections.Generic.Dictionary`2" or "System.Collections.Generic.HashSet`1"))
        {
            return;
        }

        var key = declaring.TypeArguments[0];
        if (key.TypeKind == TypeKind.Struct && key.SpecialType == SpecialType.None && !ImplementsEquatable(key))
        {
            _slowPatterns.Add(new Site(current, site,
                "'" + declaring.ToDisplayString() + "' hashes the struct key '" + key.ToDisplayString() + "' through ValueType.Equals/GetHashCode (boxing, reflection); implement IEquatable<" + key.Name + "> and override GetHashCode"));
        }
    }

    private static bool ImplementsEquatable(ITypeSymbol type)
    {
        foreach (var implemented in type.AllInterfaces)
        {
            if (SymbolFacts.MetadataName(implemented) == "System.IEquatable`1"
                && SymbolEqualityComparer.Default.Equals(implemented.TypeArguments[0], type))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsSpan(ITypeSymbol? type) =>
        type is INamedTypeSymbol named && SymbolFacts.MetadataName(named) is "System.Span`1" or "System.ReadOnlySpan`1";

    private static IOperation Unconverted(IOperation operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    private static (bool Reads, bool Writes) Access(IOperation reference) => reference.Parent switch
    {
        ISimpleAssignmentOperation assignment when assignment.Target == reference => (false, true),
        ICompoundAssignmentOperation compound when compound.Target == reference => (true, true),
        IIncrementOrDecrementOperation => (true, true),
        _ => (true, false),
    };

    private (NodeKey Function, bool InThrow) EnclosingFunction(IOperation operation, ISymbol containingSymbol)
    {
        var inThrow = false;
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case IThrowOperation:
                    inThrow = true;
                    break;
                case IAnonymousFunctionOperation lambda:
                    return (NodeKey.Of(lambda.Symbol), inThrow);
                case ILocalFunctionOperation localFunction:
                    var key = NodeKey.Of(localFunction.Symbol);
                    _names.TryAdd(key, "local function '" + localFunction.Symbol.Name + "'");
                    return (key, inThrow);
            }
        }

        var owner = NodeKey.Of(containingSymbol);
        _names.TryAdd(owner, Describe(containingSymbol));
        return (owner, inThrow);
    }

    private static string Describe(ISymbol symbol) => symbol is IMethodSymbol { AssociatedSymbol: { } associated } accessor
        ? associated.Name + (accessor.MethodKind == MethodKind.PropertySet ? " (setter)" : accessor.MethodKind == MethodKind.PropertyGet ? " (getter)" : string.Empty)
        : symbol is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor ? constructor.ContainingType.Name + " constructor" : symbol.Name;

    private Result Analyze()
    {
        var dispatch = new Dictionary<NodeKey, List<NodeKey>>();
        foreach (var (virtualMember, implementation) in _dispatch)
        {
            if (!dispatch.TryGetValue(virtualMember, out var list))
            {
                dispatch[virtualMember] = list = new List<NodeKey>();
            }

            list.Add(implementation);
        }

        var adjacency = new Dictionary<NodeKey, List<(NodeKey To, Location? Site)>>();
        foreach (var (from, to, site, isVirtual) in _edges)
        {
            if (!adjacency.TryGetValue(from, out var list))
            {
                adjacency[from] = list = new List<(NodeKey, Location?)>();
            }

            list.Add((to, site));
            if (isVirtual && dispatch.TryGetValue(to, out var implementations))
            {
                foreach (var implementation in implementations)
                {
                    list.Add((implementation, site));
                }
            }
        }

        return new Result(this, adjacency);
    }

    /// <summary>A function in the graph: a source declaration (tree and span), a metadata symbol, or the any-delegate node.</summary>
    internal sealed class NodeKey : IEquatable<NodeKey>
    {
        public NodeKey(SyntaxTree? tree, Microsoft.CodeAnalysis.Text.TextSpan span, ISymbol? symbol)
        {
            Tree = tree;
            Span = span;
            Symbol = symbol;
        }

        public SyntaxTree? Tree { get; }

        public Microsoft.CodeAnalysis.Text.TextSpan Span { get; }

        public ISymbol? Symbol { get; }

        public static NodeKey Of(ISymbol symbol)
        {
            symbol = symbol.OriginalDefinition;
            if (symbol is IMethodSymbol { PartialImplementationPart: { } implementation })
            {
                symbol = implementation;
            }

            return symbol.DeclaringSyntaxReferences.Length > 0
                ? new NodeKey(symbol.DeclaringSyntaxReferences[0].SyntaxTree, symbol.DeclaringSyntaxReferences[0].Span, null)
                : new NodeKey(null, default, symbol);
        }

        public bool Equals(NodeKey? other) =>
            other is not null
            && (Tree is not null ? Tree == other.Tree && Span == other.Span
                : Symbol is not null ? SymbolEqualityComparer.Default.Equals(Symbol, other.Symbol)
                : ReferenceEquals(this, other));

        public override bool Equals(object? obj) => Equals(obj as NodeKey);

        public override int GetHashCode() => Tree is not null
            ? Tree.GetHashCode() ^ Span.GetHashCode()
            : Symbol is not null ? SymbolEqualityComparer.Default.GetHashCode(Symbol) : 0;
    }

    private readonly struct Site
    {
        public Site(NodeKey function, Location location, string what)
        {
            Function = function;
            Location = location;
            What = what;
        }

        public NodeKey Function { get; }

        public Location Location { get; }

        public string What { get; }
    }

    /// <summary>What the rules read: recursive call sites and sites reachable from hooks.</summary>
    internal sealed class Result
    {
        private readonly CallGraph _graph;
        private readonly Dictionary<NodeKey, List<(NodeKey To, Location? Site)>> _adjacency;

        internal Result(CallGraph graph, Dictionary<NodeKey, List<(NodeKey To, Location? Site)>> adjacency)
        {
            _graph = graph;
            _adjacency = adjacency;
        }

        /// <summary>Each call site inside a cycle: (site, caller, callee), one per site.</summary>
        public IEnumerable<(Location Site, string Caller, string Callee)> RecursiveCalls()
        {
            var components = StronglyConnectedComponents();
            var reported = new HashSet<Location>();
            foreach (var entry in _adjacency)
            {
                foreach (var (to, site) in entry.Value)
                {
                    if (site is null || !components.TryGetValue(entry.Key, out var from) || !components.TryGetValue(to, out var into)
                        || from.Id != into.Id || (from.Size == 1 && !entry.Key.Equals(to)) || !reported.Add(site))
                    {
                        continue;
                    }

                    yield return (site, Name(entry.Key), Name(to));
                }
            }
        }

        /// <summary>Allocation sites in functions reachable from hooks of <paramref name="kind"/> (hot wins over other).</summary>
        public IEnumerable<(Location Site, string What, string Hook)> Allocations(HookKind kind) => SitesReachedFrom(_graph._allocations, kind);

        /// <summary>Slow-pattern sites reachable from hot hooks.</summary>
        public IEnumerable<(Location Site, string What, string Hook)> HotSlowPatterns() => SitesReachedFrom(_graph._slowPatterns, HookKind.Hot);

        private IEnumerable<(Location, string, string)> SitesReachedFrom(IEnumerable<Site> sites, HookKind kind)
        {
            var hot = Reach(HookKind.Hot, null);
            var reach = kind == HookKind.Hot ? hot : Reach(kind, hot);
            foreach (var site in sites)
            {
                if (reach.TryGetValue(site.Function, out var hook))
                {
                    yield return (site.Location, site.What, hook);
                }
            }
        }

        private Dictionary<NodeKey, string> Reach(HookKind kind, Dictionary<NodeKey, string>? excluded)
        {
            var reached = new Dictionary<NodeKey, string>();
            var queue = new Queue<NodeKey>();
            var roots = new List<KeyValuePair<NodeKey, (HookKind Kind, string Hook)>>(_graph._roots);
            roots.Sort((a, b) => string.CompareOrdinal(a.Value.Hook, b.Value.Hook));
            foreach (var root in roots)
            {
                if (root.Value.Kind == kind && !reached.ContainsKey(root.Key))
                {
                    reached[root.Key] = root.Value.Hook;
                    queue.Enqueue(root.Key);
                }
            }

            while (queue.Count > 0)
            {
                var node = queue.Dequeue();
                if (!_adjacency.TryGetValue(node, out var next))
                {
                    continue;
                }

                foreach (var (to, _) in next)
                {
                    if (!reached.ContainsKey(to) && (excluded is null || !excluded.ContainsKey(to)))
                    {
                        reached[to] = reached[node];
                        queue.Enqueue(to);
                    }
                }
            }

            if (excluded is not null)
            {
                foreach (var key in excluded.Keys)
                {
                    reached.Remove(key);
                }
            }

            return reached;
        }

        private string Name(NodeKey key) => ReferenceEquals(key, AnyDelegate) || (key.Tree is null && key.Symbol is null)
            ? "a delegate"
            : _graph._names.TryGetValue(key, out var name) ? name : key.Symbol?.Name ?? "a function";

        /// <summary>Tarjan's algorithm, iterative so deep call chains cannot overflow the analyzer's stack.</summary>
        private Dictionary<NodeKey, (int Id, int Size)> StronglyConnectedComponents()
        {
            var index = new Dictionary<NodeKey, int>();
            var low = new Dictionary<NodeKey, int>();
            var onStack = new HashSet<NodeKey>();
            var stack = new Stack<NodeKey>();
            var result = new Dictionary<NodeKey, (int, int)>();
            var counter = 0;
            var componentId = 0;

            foreach (var start in _adjacency.Keys)
            {
                if (index.ContainsKey(start))
                {
                    continue;
                }

                var work = new Stack<(NodeKey Node, int Next)>();
                work.Push((start, 0));
                index[start] = low[start] = counter++;
                stack.Push(start);
                onStack.Add(start);
                while (work.Count > 0)
                {
                    var (node, next) = work.Pop();
                    var edges = _adjacency.TryGetValue(node, out var list) ? list : null;
                    if (edges is not null && next < edges.Count)
                    {
                        work.Push((node, next + 1));
                        var to = edges[next].To;
                        if (!index.TryGetValue(to, out var toIndex))
                        {
                            index[to] = low[to] = counter++;
                            stack.Push(to);
                            onStack.Add(to);
                            work.Push((to, 0));
                        }
                        else if (onStack.Contains(to))
                        {
                            low[node] = Math.Min(low[node], toIndex);
                        }

                        continue;
                    }

                    if (low[node] == index[node])
                    {
                        var members = new List<NodeKey>();
                        NodeKey member;
                        do
                        {
                            member = stack.Pop();
                            onStack.Remove(member);
                            members.Add(member);
                        }
                        while (!member.Equals(node));

                        foreach (var m in members)
                        {
                            result[m] = (componentId, members.Count);
                        }

                        componentId++;
                    }

                    if (work.Count > 0)
                    {
                        var parent = work.Peek().Node;
                        low[parent] = Math.Min(low[parent], low[node]);
                    }
                }
            }

            return result;
        }
    }
}
