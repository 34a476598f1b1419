using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace HmsTrace.Scripting.Compilation;

/// <summary>
/// The BCL half of the rewrite: work the BCL does on operands the policy hands it. Before the
/// rewrite, a pass over the operations plans, per expression, the wrappers it gets (see
/// <see cref="BclCosts"/> for which calls are charged):
/// <list type="bullet">
/// <item><c>Fuel.Sized(x, line)</c> (or with a size lambda for collections) around a string, array,
/// span or collection the call searches, compares, hashes or copies: a step per element, now;</item>
/// <item><c>Fuel.Source(x, mode, line)</c> around a sequence the call loops over: metered per element
/// as it is enumerated, or charged and passed when it is a BCL collection (see <c>Fuel.Source</c>);</item>
/// <item><c>Fuel.Made(s, line)</c> around a string the BCL or a concatenation just built: bounded like
/// an array and charged a step per 64 characters.</item>
/// </list>
/// Each wrapper returns its operand, so the call binds as written.
/// </summary>
internal sealed partial class FuelRewriter
{
    // The parameters a search looks for (never destination, newValue or the like).
    private static readonly HashSet<string> NeedleNames = ["value", "values", "anyOf", "separator", "separators", "trimChars", "trimElements", "oldValue", "item"];

    private Dictionary<SyntaxNode, List<Func<ExpressionSyntax, ExpressionSyntax>>>? _plan;
    private int _searchSites;

    public override SyntaxNode? Visit(SyntaxNode? node)
    {
        if (node is null)
        {
            return null;
        }

        _plan ??= Plan(node.SyntaxTree.GetRoot());
        var visited = base.Visit(node);
        if (visited is not ExpressionSyntax expression || !_plan.TryGetValue(node, out var wrappers))
        {
            return visited;
        }

        foreach (var wrap in wrappers)
        {
            expression = wrap(expression);
        }

        return InInterpolationHole(node) ? ParenthesizedExpression(expression.WithoutTrivia()).WithTriviaFrom(visited) : expression;
    }

    private Dictionary<SyntaxNode, List<Func<ExpressionSyntax, ExpressionSyntax>>> Plan(SyntaxNode root)
    {
        _plan = new Dictionary<SyntaxNode, List<Func<ExpressionSyntax, ExpressionSyntax>>>();
        foreach (var node in root.DescendantNodes())
        {
            switch (node)
            {
                case InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax:
                    PlanCall(node);
                    break;
                case ElementAccessExpressionSyntax access:
                    PlanElementAccess(access);
                    break;
                case BinaryExpressionSyntax binary:
                    PlanBinary(binary);
                    break;
                case AssignmentExpressionSyntax assignment when assignment.IsKind(SyntaxKind.AddAssignmentExpression)
                    && model.GetTypeInfo(assignment).Type?.SpecialType == SpecialType.System_String:
                    // s += t builds a new string of both: charged once it exists.
                    AddMade(assignment);
                    break;
                case InterpolatedStringExpressionSyntax interpolated when IsBuiltString(interpolated):
                    AddMade(interpolated);
                    break;
                case SpreadElementSyntax spread when model.GetTypeInfo(spread.Expression).Type is { } type:
                    PlanSpread(spread, type);
                    break;
                case CommonForEachStatementSyntax loop when model.GetTypeInfo(loop.Expression).Type is { } walked && (IsHashTableOrDerived(walked) || IsKeysOrValues(walked)):
                    // The loop body pays a step per entry; the slots of removed entries it walks past are charged here.
                    PlanOperand(loop.Expression, walked, sourceMode: null);
                    break;
            }
        }

        return _plan;
    }

    private void PlanCall(SyntaxNode node)
    {
        var (method, instance, arguments) = model.GetOperation(node) switch
        {
            IInvocationOperation call => (call.TargetMethod, call.Instance, call.Arguments),
            IObjectCreationOperation { Constructor: { } constructor } creation => (constructor, null, creation.Arguments),
            _ => (null, null, default(System.Collections.Immutable.ImmutableArray<IArgumentOperation>)),
        };
        if (method is null || !BclCosts.IsBcl(method))
        {
            return;
        }

        // An explicit count bounds the work (Array.Copy(a, 0, b, 0, n), s.Substring(i, n)): the
        // count is charged instead (a step per 64). A policy delegate is metered at each element.
        var sized = arguments.Any(a => a.Parameter is { } p && SizeNames.Contains(p.Name) && IsBclSize(p.ContainingSymbol, p.Type))
            && !BclCosts.CountBoundsNothing(method);
        var delegated = arguments.Any(a => a.Parameter?.Type.TypeKind == TypeKind.Delegate);
        if (instance is not null && IsStringBuilder(instance.Type!) && (sized || !BclCosts.ChargesReceiver(method))
            && method.Name is "ToString" or "Remove" or "CopyTo" or "Insert" && OperandSyntax(instance) is { } chunked)
        {
            PlanChunks(chunked);
        }

        // s.IndexOf(',', i) in a tokenizer works through the string from i on (LastIndexOf: up to i):
        // that part is charged, at the start index, instead of the whole string.
        var fromStart = !sized && InParameterOrder(arguments) && instance is not null && instance.Type?.SpecialType == SpecialType.System_String
            && node is InvocationExpressionSyntax
            && method.Name is "IndexOf" or "IndexOfAny" or "LastIndexOf" or "LastIndexOfAny" or "Substring"
            && arguments.Any(a => a.Parameter?.Name == "startIndex") && OperandSyntax(instance) is not null;
        if (fromStart)
        {
            PlanFromStart(method, instance!, arguments);
        }

        if (!sized && !fromStart && !delegated && instance is not null && !method.IsStatic && BclCosts.ChargesReceiver(method))
        {
            if (OperandSyntax(instance) is { } receiver)
            {
                PlanOperand(receiver, instance.Type, sourceMode: null);
            }
            else if (instance is IInstanceReferenceOperation { IsImplicit: true, Type: { IsReferenceType: true } self }
                && node is InvocationExpressionSyntax { Expression: SimpleNameSyntax name } && SizeLambda(self) is { } size)
            {
                // Contains(x) inside a policy type deriving from a collection: made this.Contains(x), this charged.
                var line = Line(name).ToString(CultureInfo.InvariantCulture);
                Add(name, e => MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, Wrap("Sized", ThisExpression(), size, line), ((SimpleNameSyntax)e).WithoutTrivia()).WithTriviaFrom(e));
            }
        }

        if (!sized && BclCosts.ChargesArguments(method))
        {
            foreach (var argument in arguments)
            {
                PlanArgument(method, argument, delegated);
            }
        }

        if (node is InvocationExpressionSyntax growing && instance is not null && IsStringBuilder(method.ContainingType) && IsStringBuilder(method.ReturnType)
            && method.RefKind == RefKind.None && !StartsWithBinding(growing.Expression) && OperandSyntax(instance) is { } builder)
        {
            // sb.Append(x): the length before, and the growth after, bounded and charged (Fuel.Mark, Fuel.Built).
            var line = Line(node).ToString(CultureInfo.InvariantCulture);
            Add(builder, e => Wrap("Mark", e, null, line));
            AddInner(node, e => Wrap("Built", e, null, line));
        }

        // After the builder's Mark, so that the haystack's mark (sb.Replace(t, u)) is made after it and
        // taken before it.
        if (node is InvocationExpressionSyntax && BclCosts.Searches(method))
        {
            PlanSearch(method, instance, arguments);
        }

        if (node is InvocationExpressionSyntax invocation && method.ReturnType.SpecialType == SpecialType.System_String && method.RefKind == RefKind.None
            && !StartsWithBinding(invocation.Expression) && model.GetConstantValue(node) is { HasValue: false })
        {
            AddMade(node);
        }
    }

    // Whether the arguments (in evaluation order, as the operation lists them) come in the order of
    // their parameters, as when written positionally: the marks one call's receiver gets are then
    // taken by its arguments in the order they were made.
    private static bool InParameterOrder(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments)
    {
        var last = -1;
        foreach (var argument in arguments.Where(a => a.ArgumentKind == ArgumentKind.Explicit && a.Parameter is not null))
        {
            if (argument.Parameter!.Ordinal < last)
            {
                return false;
            }

            last = argument.Parameter.Ordinal;
        }

        return true;
    }

    // s.IndexOf(t), span.IndexOfAny(values), s.Trim(chars): the haystack's size is marked and the
    // needle charged the product (Fuel.Hay, Fuel.Needle). The haystack must be evaluated first: a
    // receiver always is; a first argument is unless the needle is named before it.
    private void PlanSearch(IMethodSymbol method, IOperation? instance, System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments)
    {
        var first = method.IsStatic ? arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0) : null;
        IOperation? hay = instance is not null && !method.IsStatic ? instance : first is not null ? Unconverted(first.Value) : null;
        if (hay is null || hay.Type is not { } hayType || !IsHaystack(hayType))
        {
            return;
        }

        // The needle's parameter is a string, array or span, or (Array.IndexOf(a, t), list.Contains(t))
        // an element of a string array or list, whose every comparison can read all of it.
        var needle = arguments.FirstOrDefault(a => a.ArgumentKind == ArgumentKind.Explicit && a.Parameter is { RefKind: RefKind.None } p
            && NeedleNames.Contains(p.Name) && !IsStringBuilder(p.Type)
            && (IsSizedType(p.OriginalDefinition.Type) || (p.OriginalDefinition.Type is ITypeParameterSymbol && p.Type.SpecialType == SpecialType.System_String)));
        if (needle is null || Unconverted(needle.Value) is not { IsImplicit: false, Syntax: ExpressionSyntax needleSyntax } needleValue
            || model.GetTypeInfo(needleSyntax).Type is not { } needleType || !IsSearchable(needleType))
        {
            return;
        }

        var longNeedle = !IsShortConstant(needleValue);
        if (first is not null && arguments.IndexOf(needle) < arguments.IndexOf(first))
        {
            if (longNeedle)
            {
                Unmeterable.Add((needleSyntax.GetLocation(), $"a search ({method.Name}) whose needle is named before its haystack cannot be charged for the needle; write the haystack first"));
            }

            return;
        }

        if (OperandSyntax(hay) is not { } haySyntax || StartsWithBinding(haySyntax) || haySyntax is ThisExpressionSyntax or BaseExpressionSyntax
            || model.GetTypeInfo(haySyntax).Type is not { } natural || !IsHaystack(natural))
        {
            // A haystack that cannot be wrapped (a?.B.IndexOf(t): .B cannot stand alone) leaves the
            // product uncharged, and one such search can run for hours with no metered point in it.
            // A needle shorter than 64 costs nothing beyond its haystack; a longer or computed one is
            // rejected, with the rewrite that can be charged (charging it as the longest array
            // stopped legitimate code at run time instead).
            if (longNeedle && StartsWithBinding(OperandSyntax(hay) ?? needleSyntax))
            {
                Unmeterable.Add((needleSyntax.GetLocation(), $"a search whose haystack follows ?. ({method.Name} on a?.B) cannot be charged for its needle; take the haystack into a local first (var h = a?.B; h?.{method.Name}(…))"));
            }

            return;
        }

        var line = Line(needleSyntax).ToString(CultureInfo.InvariantCulture);
        var site = (++_searchSites).ToString(CultureInfo.InvariantCulture);
        Add(haySyntax, e => Wrap("Hay", e, site, line));
        Add(needleSyntax, e => Wrap("Needle", e, site, line));
    }

    // A StringBuilder is a chain of chunks of up to 8,000 characters, which sb[i], ToString(i, n),
    // Remove, Insert and CopyTo walk back from the last: charged a step per 8 Ki characters.
    private void PlanChunks(ExpressionSyntax builder)
    {
        if (StartsWithBinding(builder) || builder is ThisExpressionSyntax or BaseExpressionSyntax)
        {
            return;
        }

        var line = Line(builder).ToString(CultureInfo.InvariantCulture);
        Add(builder, e => Wrap("Sized", e, "static c => c!.Length >> 13", line));
    }

    // The receiver is marked for its call site and the start index charged what lies after it (or before it).
    private void PlanFromStart(IMethodSymbol method, IOperation instance, System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments)
    {
        var receiver = OperandSyntax(instance)!;
        var start = arguments.First(a => a.Parameter?.Name == "startIndex");
        if (StartsWithBinding(receiver) || receiver is ThisExpressionSyntax or BaseExpressionSyntax || start.IsImplicit || start.Value.Syntax is not ExpressionSyntax startSyntax)
        {
            return;
        }

        var line = Line(receiver).ToString(CultureInfo.InvariantCulture);
        var site = (++_searchSites).ToString(CultureInfo.InvariantCulture);
        var direction = method.Name.StartsWith("Last", StringComparison.Ordinal) ? "Before" : "After";
        Add(receiver, e => Wrap("Hay", e, site, line));
        Add(startSyntax, e => Wrap(direction, e, site, line));
    }

    private static bool IsSearchable(ITypeSymbol type)
        => type.SpecialType == SpecialType.System_String || type is IArrayTypeSymbol { IsSZArray: true }
           || type is INamedTypeSymbol { Name: "Span" or "ReadOnlySpan", Arity: 1, ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };

    private static bool IsHaystack(ITypeSymbol type)
        => IsSearchable(type) || IsStringBuilder(type)
           || (type is INamedTypeSymbol named && BclCosts.TypeName(named) == "System.Collections.Generic.List`1");

    // A needle that costs nothing beyond its haystack: a constant string under 64 characters, also
    // as a span ("wor".AsSpan()).
    private static bool IsShortConstant(IOperation needle)
    {
        needle = Unconverted(needle);
        if (needle is IInvocationOperation { TargetMethod.Name: "AsSpan" or "AsMemory" } call)
        {
            needle = Unconverted(call.Instance ?? (call.Arguments.Length > 0 ? call.Arguments[0].Value : call));
        }

        return needle.ConstantValue is { HasValue: true, Value: string { Length: < 64 } };
    }

    private static bool IsStringBuilder(ITypeSymbol type)
        => type is INamedTypeSymbol { Name: "StringBuilder", ContainingNamespace: { Name: "Text", ContainingNamespace.Name: "System" } };

    // [.. x]: the compiler sizes the result by x's Count or Length when it has one, and trusts it
    // (new List<T>(n), SetCount(n), new T[n]). A BCL type's count is honest; anything else (a policy
    // type, a subclass hiding Count, an interface the policy's type may implement) is handed over
    // as a plain sequence without a count, and a policy type that is not even an IEnumerable<T>
    // (spread by its GetEnumerator pattern) is rejected.
    private void PlanSpread(SpreadElementSyntax spread, ITypeSymbol type)
    {
        if (CountIsTrusted(type))
        {
            PlanOperand(spread.Expression, type, sourceMode: 3);
        }
        else if (EnumerableElement(type) is { } element)
        {
            // The element type is spelled out: a type parameter's constraint does not take part in inference.
            var line = Line(spread).ToString(CultureInfo.InvariantCulture);
            var source = "Source<" + element.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + ">";
            Add(spread.Expression, e => Wrap(source, e, "3", line));
        }
        else
        {
            Unmeterable.Add((spread.GetLocation(), $"a spread of {type.ToDisplayString()}, which is not an IEnumerable<T>, cannot be metered (the compiler would size the result by its Count); implement IEnumerable<T> or spread a BCL collection"));
        }
    }

    private static bool CountIsTrusted(ITypeSymbol type)
        => type.SpecialType == SpecialType.System_String || type is IArrayTypeSymbol || IsSpanLike(type)
           || (type.TypeKind is TypeKind.Class or TypeKind.Struct && type.Locations.All(l => l.IsInMetadata));

    private void PlanArgument(IMethodSymbol method, IArgumentOperation argument, bool delegated)
    {
        if (argument.Parameter is not { RefKind: RefKind.None } parameter)
        {
            return;
        }

        if (argument.ArgumentKind is ArgumentKind.ParamArray or ArgumentKind.ParamCollection)
        {
            // string.Concat(a, b, c, d, e): the strings are the operands.
            var elements = argument.Value switch
            {
                IArrayCreationOperation { Initializer: { } initializer } => initializer.ElementValues,
                ICollectionExpressionOperation collection => collection.Elements,
                _ => [],
            };
            foreach (var element in elements)
            {
                var value = Unconverted(element);
                if (value.Type?.SpecialType == SpecialType.System_String && value.ConstantValue is { HasValue: false } && value.Syntax is ExpressionSyntax syntax)
                {
                    PlanOperand(syntax, value.Type, sourceMode: null);
                }
            }

            return;
        }

        var operand = Unconverted(argument.Value);
        if (operand.ConstantValue.HasValue || operand.Type is null || OperandSyntax(operand) is not { } expression)
        {
            return;
        }

        var declared = parameter.OriginalDefinition.Type;
        if (method.Name is "Concat" or "Join" or "AppendJoin" && IsStringParts(declared) && IsStringParts(operand.Type)
            && BclCosts.TypeName(method.ContainingType) is "System.String" or "System.Text.StringBuilder")
        {
            // string.Concat(parts), string.Join(",", parts), sb.AppendJoin(",", parts): the result's
            // length is bounded before the BCL allocates it (Fuel.Parts), not only once it exists.
            var partsLine = Line(expression).ToString(CultureInfo.InvariantCulture);
            Add(expression, e => Wrap("Parts", e, null, partsLine));
        }

        if (IsEnumerableOfT(declared))
        {
            var isSource = method.IsExtensionMethod && parameter.Ordinal == 0;
            if (BclCosts.SourceMode(method, isSource, delegated) is { } mode)
            {
                // First() of a hash table walks past removed entries: charged its capacity.
                if (mode == 1 && (IsHashTableOrDerived(operand.Type) || IsKeysOrValues(operand.Type)) && method.Name is not ("Count" or "LongCount" or "Any" or "TryGetNonEnumeratedCount"))
                {
                    mode = 3;
                }

                PlanOperand(expression, operand.Type, mode);
            }
        }
        else if (IsSizedType(declared) || (declared is ITypeParameterSymbol && operand.Type.SpecialType == SpecialType.System_String && BclCosts.HashesArguments(method)))
        {
            PlanOperand(expression, operand.Type, sourceMode: null);
        }
        else if (declared is not ITypeParameterSymbol && EnumerableElement(declared) is not null && SizeLambda(operand.Type) is not null)
        {
            // A collection parameter of another type (new Dictionary<K, V>(IDictionary<K, V>),
            // ImmutableArray.AddRange(ImmutableArray<T>)): the BCL copies or walks it, so it is charged
            // its size. (Sized keeps the operand's type; an IOrderedEnumerable for ThenBy has no size and passes.)
            PlanOperand(expression, operand.Type, sourceMode: null);
        }
    }

    private void PlanElementAccess(ElementAccessExpressionSyntax access)
    {
        switch (model.GetOperation(access))
        {
            case IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { Type: { } builderType } builder } when IsStringBuilder(builderType) && OperandSyntax(builder) is { } chunked:
                // sb[i] walks the builder's chunks from the last one back.
                PlanChunks(chunked);
                break;
            case IPropertyReferenceOperation { Property: { IsIndexer: true } indexer } reference when BclCosts.IsBcl(indexer):
                // dictionary[key]: a string key is hashed.
                foreach (var argument in reference.Arguments)
                {
                    var operand = Unconverted(argument.Value);
                    if (operand.Type?.SpecialType == SpecialType.System_String && operand.ConstantValue is { HasValue: false }
                        && argument.Parameter?.OriginalDefinition.Type is ITypeParameterSymbol && BclCosts.HashesArguments(indexer)
                        && OperandSyntax(operand) is { } key)
                    {
                        PlanOperand(key, operand.Type, sourceMode: null);
                    }
                }

                break;
            case var _ when access.ArgumentList.Arguments.Count == 1
                && model.GetTypeInfo(access.ArgumentList.Arguments[0].Expression).Type is { Name: "Range", ContainingNamespace.Name: "System" }
                && model.GetTypeInfo(access.Expression).Type is { } sliced
                && (sliced.SpecialType == SpecialType.System_String || sliced is IArrayTypeSymbol):
                // s[a..b], array[a..b]: a copy.
                PlanOperand(access.Expression, sliced, sourceMode: null);
                break;
        }
    }

    private void PlanBinary(BinaryExpressionSyntax binary)
    {
        if (model.GetOperation(binary) is not IBinaryOperation { OperatorMethod: null } operation || model.GetConstantValue(binary).HasValue)
        {
            return;
        }

        if (operation.OperatorKind == BinaryOperatorKind.Add && operation.Type?.SpecialType == SpecialType.System_String)
        {
            AddMade(binary);
        }
        else if (operation.OperatorKind is BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals
            && operation.LeftOperand.Type?.SpecialType == SpecialType.System_String
            && operation.RightOperand.Type?.SpecialType == SpecialType.System_String)
        {
            foreach (var side in new[] { operation.LeftOperand, operation.RightOperand })
            {
                if (side.ConstantValue is { HasValue: false } && OperandSyntax(side) is { } syntax)
                {
                    PlanOperand(syntax, side.Type!, sourceMode: null);
                }
            }
        }
    }

    // Plans Sized (or, for a sequence with a mode, Source) around an operand of the given type.
    private void PlanOperand(ExpressionSyntax syntax, ITypeSymbol? type, int? sourceMode)
    {
        if (type is null || syntax is BaseExpressionSyntax or LiteralExpressionSyntax or CollectionExpressionSyntax
            or AnonymousFunctionExpressionSyntax or InterpolatedStringExpressionSyntax || StartsWithBinding(syntax)
            || (syntax is ThisExpressionSyntax && !type.IsReferenceType))
        {
            // A part of a?.b.c that cannot stand alone (.b) is left; the receiver a is wrapped where its call is planned.
            return;
        }

        // Target-typed operands (flag ? [1] : [2], a switch of collection expressions) have no type of
        // their own to infer the wrapper's from, and a Nullable<T> receiver of ?. is unwrapped by it.
        if (model.GetTypeInfo(syntax).Type is not { } natural
            || natural.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
        {
            return;
        }

        var line = Line(syntax).ToString(CultureInfo.InvariantCulture);
        if (syntax is MemberAccessExpressionSyntax { Name.Identifier.Text: "Keys" or "Values" } keysOrValues && IsKeysOrValues(type)
            && model.GetTypeInfo(keysOrValues.Expression).Type is { } table && IsHashTableOrDerived(table) && SizeLambda(table) is { } capacity
            && !StartsWithBinding(keysOrValues.Expression) && keysOrValues.Expression is not (ThisExpressionSyntax or BaseExpressionSyntax))
        {
            // d.Keys and d.Values walk the table's slots, removed ones included: the table is charged its capacity too.
            Add(keysOrValues.Expression, e => Wrap("Sized", e, capacity, line));
        }

        if (sourceMode is { } mode && (mode != 3 || SizeLambda(type) is null) && EnumerableElement(type) is not null)
        {
            // A sequence: metered per element when it is enumerated (or charged, for a collection, in Fuel.Source).
            Add(syntax, e => Wrap("Source", e, mode.ToString(CultureInfo.InvariantCulture), line));
            return;
        }

        if (type.SpecialType == SpecialType.System_String || type is IArrayTypeSymbol { IsSZArray: true } || IsSpanLike(type))
        {
            Add(syntax, e => Wrap("Sized", e, null, line));
        }
        else if (SizeLambda(type) is { } size)
        {
            Add(syntax, e => Wrap("Sized", e, size, line));
        }
    }

    // The lambda that reads a collection's size through the BCL type's own member, or null for a type without one.
    private static string? SizeLambda(ITypeSymbol type)
    {
        var bcl = type;
        while (bcl is not null && !bcl.Locations.All(l => l.IsInMetadata))
        {
            bcl = bcl.BaseType;
        }

        if (bcl is null || bcl.SpecialType == SpecialType.System_Object)
        {
            return null;
        }

        // A hash table walks its capacity (see BclCosts.IsHashTable); EnsureCapacity(0) reads it without changing anything.
        var member = BclCosts.IsHashTable(bcl) ? "EnsureCapacity(0)" : SizeMember(bcl);
        if (member is null)
        {
            return null;
        }

        // A policy type deriving from a collection reads the BCL's size, not a member it declares to hide it.
        var reader = SymbolEqualityComparer.Default.Equals(bcl, type) ? "c!" : $"(({bcl.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)})c!)";
        return $"static c => {reader}.{member}";
    }

    private static string? SizeMember(ITypeSymbol type)
    {
        if (type is IArrayTypeSymbol)
        {
            return "Length";
        }

        static bool Has(ITypeSymbol t, string name)
            => t.GetMembers(name).OfType<IPropertySymbol>().Any(p => !p.IsStatic && !p.IsIndexer && p.Type.SpecialType == SpecialType.System_Int32);

        foreach (var name in new[] { "Count", "Length" })
        {
            for (var t = type; t is not null; t = t.BaseType)
            {
                if (Has(t, name))
                {
                    return name;
                }
            }

            // An interface or type parameter reads it through the one interface that declares it.
            if (type.TypeKind is TypeKind.Interface or TypeKind.TypeParameter && type.AllInterfaces.Count(i => Has(i, name)) == 1)
            {
                return name;
            }
        }

        return null;
    }

    private static bool IsStringParts(ITypeSymbol type)
        => type is IArrayTypeSymbol { IsSZArray: true, ElementType.SpecialType: SpecialType.System_String }
           || type is INamedTypeSymbol { Name: "ReadOnlySpan", Arity: 1, ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } span
              && span.TypeArguments[0].SpecialType == SpecialType.System_String;

    private static bool IsKeysOrValues(ITypeSymbol type)
        => type is INamedTypeSymbol named && BclCosts.TypeName(named) is "System.Collections.Generic.Dictionary`2+KeyCollection" or "System.Collections.Generic.Dictionary`2+ValueCollection";

    private static bool IsHashTableOrDerived(ITypeSymbol type)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (BclCosts.IsHashTable(t))
            {
                return true;
            }
        }

        return false;
    }

    private static ITypeSymbol? EnumerableElement(ITypeSymbol type)
    {
        if (IsEnumerableOfT(type))
        {
            return ((INamedTypeSymbol)type).TypeArguments[0];
        }

        if (type is ITypeParameterSymbol parameter)
        {
            // TC : IEnumerable<int>, TC : List<int>: the element type comes from a constraint.
            return parameter.ConstraintTypes.Select(EnumerableElement).FirstOrDefault(e => e is not null);
        }

        var all = type.AllInterfaces.Where(IsEnumerableOfT).ToList();
        return all.Count == 1 ? all[0].TypeArguments[0] : null;
    }

    private static bool IsEnumerableOfT(ITypeSymbol type)
        => type is INamedTypeSymbol { IsGenericType: true } named
           && named.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T;

    private static bool IsSizedType(ITypeSymbol type)
        => type.SpecialType == SpecialType.System_String || type is IArrayTypeSymbol || IsSpanLike(type) || IsStringBuilder(type);

    private static bool IsSpanLike(ITypeSymbol type)
        => type is INamedTypeSymbol { Name: "Span" or "ReadOnlySpan" or "Memory" or "ReadOnlyMemory", Arity: 1, ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };

    // A string an interpolation builds (not a constant, not formatted into a handler or an IFormattable).
    private bool IsBuiltString(InterpolatedStringExpressionSyntax interpolated)
        => model.GetTypeInfo(interpolated) is { Type.SpecialType: SpecialType.System_String, ConvertedType.SpecialType: SpecialType.System_String }
           && !model.GetConstantValue(interpolated).HasValue;

    // The value before the compiler's implicit conversions (string to ReadOnlySpan<char>, List<T> to IEnumerable<T>).
    private static IOperation Unconverted(IOperation operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    // The syntax to wrap for an operand: for a?.M() the receiver a of the conditional access.
    private static ExpressionSyntax? OperandSyntax(IOperation operand)
    {
        if (operand is IConditionalAccessInstanceOperation)
        {
            for (var parent = operand.Parent; parent is not null; parent = parent.Parent)
            {
                if (parent is IConditionalAccessOperation access)
                {
                    return access.Operation.Syntax as ExpressionSyntax;
                }
            }

            return null;
        }

        return operand.IsImplicit ? null : operand.Syntax as ExpressionSyntax;
    }

    private void Add(SyntaxNode node, Func<ExpressionSyntax, ExpressionSyntax> wrap)
    {
        if (!_plan!.TryGetValue(node, out var wrappers))
        {
            _plan[node] = wrappers = [];
        }

        wrappers.Add(wrap);
    }

    // A wrapper of a call's own result goes inside those its caller planned (sb.Append(a).Append(b):
    // the inner Built before the outer Mark).
    private void AddInner(SyntaxNode node, Func<ExpressionSyntax, ExpressionSyntax> wrap)
    {
        Add(node, wrap);
        var wrappers = _plan![node];
        wrappers.RemoveAt(wrappers.Count - 1);
        wrappers.Insert(0, wrap);
    }

    private void AddMade(SyntaxNode node)
    {
        var line = Line(node).ToString(CultureInfo.InvariantCulture);
        Add(node, e => Wrap("Made", e, null, line));
    }

    private static ExpressionSyntax Wrap(string method, ExpressionSyntax expression, string? extra, string line)
    {
        var arguments = new List<ArgumentSyntax> { Argument(expression.WithoutTrivia()) };
        if (extra is not null)
        {
            arguments.Add(Argument(ParseExpression(extra)));
        }

        arguments.Add(Argument(ParseExpression(line)));
        return InvocationExpression(ParseExpression($"{Meter}.{method}"), ArgumentList(SeparatedList(arguments))).WithTriviaFrom(expression);
    }
}
