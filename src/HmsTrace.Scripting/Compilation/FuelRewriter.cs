using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace HmsTrace.Scripting.Compilation;

/// <summary>
/// Injects the meter into a checked policy's syntax: <c>Fuel.Enter(line)</c> and a
/// <c>try/finally Fuel.Exit()</c> around every method, constructor, operator, accessor, local
/// function and lambda body (an iterator's depth lasts while it is live), <c>Fuel.Step(line)</c> at the start of every
/// loop body, labelled statement and (when the switch is a <c>goto case</c> target) switch section,
/// <c>Fuel.Length(n, line)</c> around every array size and every size handed to the BCL (capacities,
/// counts, lengths), and <c>Fuel.Each(sequence, line)</c> around every <c>System.Linq</c> call, query
/// expression or conditional access that yields a lazy <see cref="IEnumerable{T}"/> (LINQ's own loops
/// call no policy code), and the size-charging wrappers of <c>FuelRewriter.Bcl.cs</c> around what BCL
/// calls work through. Method groups of BCL methods, which it cannot follow, are collected in
/// <see cref="Unmeterable"/> for the loader to reject. Lines are those of the original source;
/// inserted tokens carry no line breaks. Uses the semantic model to learn whether an
/// expression-bodied lambda returns a value, which calls are LINQ's or take sizes and what they
/// return, and whether a body is a leaf: a body whose operations
/// cannot call any code (no invocation, creation, property, user-defined operator, enumeration or
/// string formatting) cannot take part in a recursion, so it gets a step without the depth count
/// and its try/finally, which keeps small hot helpers cheap.
/// </summary>
internal sealed partial class FuelRewriter(SemanticModel model) : CSharpSyntaxRewriter
{
    private const string Meter = "global::HmsTrace.Metering.Fuel";

    // Sizes the BCL allocates or loops over without calling policy code: new List<T>(capacity),
    // new string(c, count), StringBuilder.Append(c, repeatCount), PadLeft(totalWidth), Array.Resize(ref a, newSize),
    // Array.Copy(..., length). LINQ's counts are left to the metered sequences (Range(0, int.MaxValue).Take(3) stays valid).
    private static readonly HashSet<string> SizeNames = ["capacity", "initialCapacity", "count", "repeatCount", "length", "newSize", "totalWidth"];

    /// <summary>Method groups the meter cannot follow: the loader rejects the policy at each.</summary>
    public List<(Location Location, string Problem)> Unmeterable { get; } = [];

    private int _iterators;

    public override SyntaxNode? VisitMethodDeclaration(MethodDeclarationSyntax node)
    {
        var visited = (MethodDeclarationSyntax)base.VisitMethodDeclaration(node)!;
        var body = Guard(node, visited.Body, visited.ExpressionBody, visited.SemicolonToken, IsVoid(node.ReturnType));
        return body is null ? visited : visited.WithBody(body).WithExpressionBody(null).WithSemicolonToken(default);
    }

    public override SyntaxNode? VisitConstructorDeclaration(ConstructorDeclarationSyntax node)
    {
        var visited = (ConstructorDeclarationSyntax)base.VisitConstructorDeclaration(node)!;
        var body = Guard(node, visited.Body, visited.ExpressionBody, visited.SemicolonToken, returnsVoid: true);
        return body is null ? visited : visited.WithBody(body).WithExpressionBody(null).WithSemicolonToken(default);
    }

    public override SyntaxNode? VisitDestructorDeclaration(DestructorDeclarationSyntax node)
    {
        var visited = (DestructorDeclarationSyntax)base.VisitDestructorDeclaration(node)!;
        var body = Guard(node, visited.Body, visited.ExpressionBody, visited.SemicolonToken, returnsVoid: true);
        return body is null ? visited : visited.WithBody(body).WithExpressionBody(null).WithSemicolonToken(default);
    }

    public override SyntaxNode? VisitOperatorDeclaration(OperatorDeclarationSyntax node)
    {
        var visited = (OperatorDeclarationSyntax)base.VisitOperatorDeclaration(node)!;
        var body = Guard(node, visited.Body, visited.ExpressionBody, visited.SemicolonToken, returnsVoid: false);
        return body is null ? visited : visited.WithBody(body).WithExpressionBody(null).WithSemicolonToken(default);
    }

    public override SyntaxNode? VisitConversionOperatorDeclaration(ConversionOperatorDeclarationSyntax node)
    {
        var visited = (ConversionOperatorDeclarationSyntax)base.VisitConversionOperatorDeclaration(node)!;
        var body = Guard(node, visited.Body, visited.ExpressionBody, visited.SemicolonToken, returnsVoid: false);
        return body is null ? visited : visited.WithBody(body).WithExpressionBody(null).WithSemicolonToken(default);
    }

    public override SyntaxNode? VisitLocalFunctionStatement(LocalFunctionStatementSyntax node)
    {
        var visited = (LocalFunctionStatementSyntax)base.VisitLocalFunctionStatement(node)!;
        var body = Guard(node, visited.Body, visited.ExpressionBody, visited.SemicolonToken, IsVoid(node.ReturnType));
        return body is null ? visited : visited.WithBody(body).WithExpressionBody(null).WithSemicolonToken(default);
    }

    public override SyntaxNode? VisitAccessorDeclaration(AccessorDeclarationSyntax node)
    {
        var visited = (AccessorDeclarationSyntax)base.VisitAccessorDeclaration(node)!;
        var returnsVoid = !node.IsKind(SyntaxKind.GetAccessorDeclaration);
        var body = Guard(node, visited.Body, visited.ExpressionBody, visited.SemicolonToken, returnsVoid);
        return body is null ? visited : visited.WithBody(body).WithExpressionBody(null).WithSemicolonToken(default);
    }

    public override SyntaxNode? VisitPropertyDeclaration(PropertyDeclarationSyntax node)
    {
        var visited = (PropertyDeclarationSyntax)base.VisitPropertyDeclaration(node)!;
        if (visited.ExpressionBody is null)
        {
            return visited;
        }

        var getter = AccessorDeclaration(SyntaxKind.GetAccessorDeclaration, Guard(node, null, visited.ExpressionBody, visited.SemicolonToken, returnsVoid: false));
        return visited.WithExpressionBody(null).WithSemicolonToken(default).WithAccessorList(AccessorList(SingletonList(getter)));
    }

    public override SyntaxNode? VisitIndexerDeclaration(IndexerDeclarationSyntax node)
    {
        var visited = (IndexerDeclarationSyntax)base.VisitIndexerDeclaration(node)!;
        if (visited.ExpressionBody is null)
        {
            return visited;
        }

        var getter = AccessorDeclaration(SyntaxKind.GetAccessorDeclaration, Guard(node, null, visited.ExpressionBody, visited.SemicolonToken, returnsVoid: false));
        return visited.WithExpressionBody(null).WithSemicolonToken(default).WithAccessorList(AccessorList(SingletonList(getter)));
    }

    public override SyntaxNode? VisitParenthesizedLambdaExpression(ParenthesizedLambdaExpressionSyntax node)
    {
        var visited = (ParenthesizedLambdaExpressionSyntax)base.VisitParenthesizedLambdaExpression(node)!;
        return visited.WithExpressionBody(null).WithBlock(LambdaBody(node, visited.Block, visited.ExpressionBody));
    }

    public override SyntaxNode? VisitSimpleLambdaExpression(SimpleLambdaExpressionSyntax node)
    {
        var visited = (SimpleLambdaExpressionSyntax)base.VisitSimpleLambdaExpression(node)!;
        return visited.WithExpressionBody(null).WithBlock(LambdaBody(node, visited.Block, visited.ExpressionBody));
    }

    public override SyntaxNode? VisitAnonymousMethodExpression(AnonymousMethodExpressionSyntax node)
    {
        var visited = (AnonymousMethodExpressionSyntax)base.VisitAnonymousMethodExpression(node)!;
        return visited.WithBlock(LambdaBody(node, visited.Block, null));
    }

    public override SyntaxNode? VisitForStatement(ForStatementSyntax node)
    {
        var visited = (ForStatementSyntax)base.VisitForStatement(node)!;
        return visited.WithStatement(Stepped(node, visited.Statement));
    }

    public override SyntaxNode? VisitForEachStatement(ForEachStatementSyntax node)
    {
        var visited = (ForEachStatementSyntax)base.VisitForEachStatement(node)!;
        return visited.WithStatement(Stepped(node, visited.Statement));
    }

    public override SyntaxNode? VisitForEachVariableStatement(ForEachVariableStatementSyntax node)
    {
        var visited = (ForEachVariableStatementSyntax)base.VisitForEachVariableStatement(node)!;
        return visited.WithStatement(Stepped(node, visited.Statement));
    }

    public override SyntaxNode? VisitWhileStatement(WhileStatementSyntax node)
    {
        var visited = (WhileStatementSyntax)base.VisitWhileStatement(node)!;
        return visited.WithStatement(Stepped(node, visited.Statement));
    }

    public override SyntaxNode? VisitDoStatement(DoStatementSyntax node)
    {
        var visited = (DoStatementSyntax)base.VisitDoStatement(node)!;
        return visited.WithStatement(Stepped(node, visited.Statement));
    }

    public override SyntaxNode? VisitLabeledStatement(LabeledStatementSyntax node)
    {
        var visited = (LabeledStatementSyntax)base.VisitLabeledStatement(node)!;
        return visited.WithStatement(Stepped(node, visited.Statement));
    }

    public override SyntaxNode? VisitSwitchStatement(SwitchStatementSyntax node)
    {
        var visited = (SwitchStatementSyntax)base.VisitSwitchStatement(node)!;
        var jumps = node.DescendantNodes().Any(n => n.IsKind(SyntaxKind.GotoCaseStatement) || n.IsKind(SyntaxKind.GotoDefaultStatement));
        if (!jumps)
        {
            return visited;
        }

        var sections = new List<SwitchSectionSyntax>();
        for (var i = 0; i < visited.Sections.Count; i++)
        {
            var section = visited.Sections[i];
            sections.Add(section.WithStatements(section.Statements.Insert(0, Call("Step", Line(node.Sections[i])))));
        }

        return visited.WithSections(List(sections));
    }

    public override SyntaxNode? VisitInvocationExpression(InvocationExpressionSyntax node)
    {
        var visited = (ExpressionSyntax)base.VisitInvocationExpression(node)!;
        // Inside a conditional access (a?.Select(f)) the call cannot stand alone: the whole access is wrapped instead.
        return !StartsWithBinding(node.Expression)
            && LinqMethod(node) is { } method
            && IsSequence(method.ReturnType)
            ? Each(node, visited)
            : visited;
    }

    public override SyntaxNode? VisitIdentifierName(IdentifierNameSyntax node)
    {
        CheckMethodGroup(node);
        return base.VisitIdentifierName(node);
    }

    public override SyntaxNode? VisitMemberAccessExpression(MemberAccessExpressionSyntax node)
    {
        CheckMethodGroup(node);
        return base.VisitMemberAccessExpression(node);
    }

    public override SyntaxNode? VisitArgument(ArgumentSyntax node)
    {
        var visited = (ArgumentSyntax)base.VisitArgument(node)!;
        return node.RefKindKeyword.IsKind(SyntaxKind.None)
            && model.GetOperation(node) is IArgumentOperation { Parameter: { } parameter }
            && SizeNames.Contains(parameter.Name)
            && IsBclSize(parameter.ContainingSymbol, parameter.Type)
            ? visited.WithExpression(Sized(node, visited.Expression, parameter.Type))
            : visited;
    }

    public override SyntaxNode? VisitAssignmentExpression(AssignmentExpressionSyntax node)
    {
        var visited = (AssignmentExpressionSyntax)base.VisitAssignmentExpression(node)!;
        return node.IsKind(SyntaxKind.SimpleAssignmentExpression)
            && model.GetSymbolInfo(node.Left).Symbol is IPropertySymbol { Name: "Capacity" or "Length" } property
            && IsBclSize(property, property.Type)
            ? visited.WithRight(Sized(node, visited.Right, property.Type))
            : visited;
    }

    public override SyntaxNode? VisitConditionalAccessExpression(ConditionalAccessExpressionSyntax node)
    {
        var visited = (ExpressionSyntax)base.VisitConditionalAccessExpression(node)!;
        // a?.Select(f)?.Where(g) nests the second access inside the first: only the outermost one stands alone.
        var last = node;
        while (last.WhenNotNull is ConditionalAccessExpressionSyntax inner)
        {
            last = inner;
        }

        return !StartsWithBinding(node.Expression) && IsSequence(model.GetTypeInfo(node).Type) && LinqMethod(last.WhenNotNull) is not null ? Each(node, visited) : visited;
    }

    public override SyntaxNode? VisitQueryExpression(QueryExpressionSyntax node)
    {
        var visited = (ExpressionSyntax)base.VisitQueryExpression(node)!;
        return IsSequence(model.GetTypeInfo(node).Type) ? Each(node, visited) : visited;
    }

    public override SyntaxNode? VisitArrayRankSpecifier(ArrayRankSpecifierSyntax node)
    {
        var visited = (ArrayRankSpecifierSyntax)base.VisitArrayRankSpecifier(node)!;
        if (node.Parent?.Parent is not ArrayCreationExpressionSyntax { Initializer: null })
        {
            return visited;
        }

        var sizes = new List<ExpressionSyntax>();
        foreach (var size in visited.Sizes)
        {
            sizes.Add(size is OmittedArraySizeExpressionSyntax
                ? size
                : ParseExpression($"{Meter}.Length(({size}), {Line(node).ToString(CultureInfo.InvariantCulture)})"));
        }

        return visited.WithSizes(SeparatedList(sizes));
    }

    // Exactly IEnumerable<T>: a lazy LINQ sequence. Ordered sequences (ThenBy needs the type), lookups
    // and materialised results (ToList, ToArray) stay as they are; their sources were metered.
    private static bool IsSequence(ITypeSymbol? type)
        => type is INamedTypeSymbol { IsGenericType: true } named
           && named.ConstructedFrom.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T;

    private static bool IsBclSize(ISymbol member, ITypeSymbol type)
        => type.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64
           && member.Locations.All(l => l.IsInMetadata)
           && member.ContainingNamespace?.ToDisplayString() is "System" or "System.Text" or "System.Collections.Generic" or "System.Collections.Immutable";

    private static ExpressionSyntax Sized(SyntaxNode original, ExpressionSyntax visited, ITypeSymbol type)
        => ParseExpression(string.Create(CultureInfo.InvariantCulture, $"{Meter}.Length(({(type.SpecialType == SpecialType.System_Int32 ? "int" : "long")})({visited.WithoutTrivia()}), {Line(original)})"))
            .WithTriviaFrom(visited);

    // A BCL method turned into a delegate (Func<int, int, IEnumerable<int>> f = Enumerable.Repeat,
    // Func<string, bool> p = string.IsNullOrEmpty): calls through the delegate are not syntax the
    // rewrite can see, so neither a sequence nor a size would be metered, and handed to LINQ as a
    // predicate it would run for every element without a step of policy code.
    private void CheckMethodGroup(ExpressionSyntax node)
    {
        if (model.GetOperation(node) is not IMethodReferenceOperation { Method: var method })
        {
            return;
        }

        if (BclCosts.IsBcl(method))
        {
            var name = method.ContainingType.Name + "." + method.Name;
            Unmeterable.Add((node.GetLocation(), $"{name} is used as a delegate, and calls through a delegate cannot be metered; call it inside a lambda instead (x => {name}(…))"));
        }
    }

    // The System.Linq method a call invokes, or null.
    private IMethodSymbol? LinqMethod(ExpressionSyntax expression)
        => expression is InvocationExpressionSyntax && model.GetSymbolInfo(expression).Symbol is IMethodSymbol method && BclCosts.IsLinq(method) ? method : null;

    // Whether the expression's leftmost part is a ?. binding (.Select, [i]), so it only exists inside a conditional access.
    private static bool StartsWithBinding(ExpressionSyntax? expression)
    {
        while (expression is not (null or MemberBindingExpressionSyntax or ElementBindingExpressionSyntax))
        {
            expression = expression switch
            {
                MemberAccessExpressionSyntax access => access.Expression,
                InvocationExpressionSyntax call => call.Expression,
                ElementAccessExpressionSyntax element => element.Expression,
                PostfixUnaryExpressionSyntax postfix => postfix.Operand,
                ConditionalAccessExpressionSyntax access => access.Expression,
                _ => null,
            };
        }

        return expression is not null;
    }

    // Parenthesised inside an interpolation hole, where a top-level "::" would start the format string;
    // nowhere else, since a parenthesised call is not a statement (xs.Select(f); in a void lambda).
    private static ExpressionSyntax Each(SyntaxNode original, ExpressionSyntax visited)
    {
        var call = InvocationExpression(
            ParseExpression($"{Meter}.Each"),
            ArgumentList(SeparatedList([Argument(ParenthesizedExpression(visited.WithoutTrivia())), Argument(ParseExpression(Line(original).ToString(CultureInfo.InvariantCulture)))])));
        return (InInterpolationHole(original) ? (ExpressionSyntax)ParenthesizedExpression(call) : call).WithTriviaFrom(visited);
    }

    private static bool InInterpolationHole(SyntaxNode node)
    {
        for (var n = node.Parent; n is not null; n = n.Parent)
        {
            switch (n)
            {
                case InterpolationSyntax:
                    return true;
                case AnonymousFunctionExpressionSyntax or StatementSyntax or MemberDeclarationSyntax:
                    return false;
            }
        }

        return false;
    }

    private static bool IsVoid(TypeSyntax type) => type is PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword };

    private static int Line(SyntaxNode node) => node.GetLocation().GetLineSpan().StartLinePosition.Line + 1;

    private static StatementSyntax Call(string method, int line) =>
        ParseStatement(method == "Exit" ? $"{Meter}.Exit();" : $"{Meter}.{method}({line.ToString(CultureInfo.InvariantCulture)});");

    private static StatementSyntax Stepped(SyntaxNode loop, StatementSyntax body)
    {
        var step = Call("Step", Line(loop));
        return body is BlockSyntax block
            ? block.WithStatements(block.Statements.Insert(0, step))
            : Block(step, body);
    }

    private BlockSyntax LambdaBody(SyntaxNode node, BlockSyntax? block, ExpressionSyntax? expression)
    {
        var returnsVoid = true;
        if (expression is not null)
        {
            returnsVoid = model.GetSymbolInfo(node).Symbol is IMethodSymbol { ReturnsVoid: true };
        }

        return Guard(node, block, expression is null ? null : ArrowExpressionClause(expression), default, returnsVoid)!;
    }

    // The guarded body, or null for a member without one (abstract, extern, auto-accessor).
    private BlockSyntax? Guard(SyntaxNode member, BlockSyntax? block, ArrowExpressionClauseSyntax? arrow, SyntaxToken semicolon, bool returnsVoid)
    {
        SyntaxList<StatementSyntax> statements;
        if (block is not null)
        {
            statements = block.Statements;
        }
        else if (arrow is not null)
        {
            statements = SingletonList(ArrowStatement(arrow.Expression, returnsVoid));
        }
        else
        {
            return null;
        }

        var line = Line(member);
        var closing = Token(SyntaxKind.CloseBraceToken).WithTrailingTrivia(semicolon.TrailingTrivia);
        if (block is not null && block.DescendantNodes(n => n is not (LambdaExpressionSyntax or AnonymousMethodExpressionSyntax or LocalFunctionStatementSyntax)).Any(n => n is YieldStatementSyntax))
        {
            return IteratorBody(member, block, statements, line);
        }

        if (IsLeaf(member))
        {
            var stepped = Block(Token(SyntaxKind.OpenBraceToken), statements.Insert(0, Call("Step", line)), closing);
            return block is null ? stepped : stepped.WithOpenBraceToken(Token(SyntaxKind.OpenBraceToken).WithLeadingTrivia(block.OpenBraceToken.LeadingTrivia)).WithCloseBraceToken(Token(SyntaxKind.CloseBraceToken).WithTrailingTrivia(block.CloseBraceToken.TrailingTrivia));
        }

        var guarded = TryStatement(
            Block(statements),
            default,
            FinallyClause(Block(Call("Exit", line))));
        var result = Block(Token(SyntaxKind.OpenBraceToken), List([Call("Enter", line), guarded]), closing);
        return block is null ? result : result.WithOpenBraceToken(Token(SyntaxKind.OpenBraceToken).WithLeadingTrivia(block.OpenBraceToken.LeadingTrivia)).WithCloseBraceToken(Token(SyntaxKind.CloseBraceToken).WithTrailingTrivia(block.CloseBraceToken.TrailingTrivia));
    }

    // An iterator's body runs in MoveNext calls that may come in any hook call, from any depth, on
    // any thread: the body moves into a local iterator function, and the member returns it wrapped
    // (Fuel.Iterate) so that each MoveNext and Dispose is entered and left like a call. Iterators
    // moving iterators 100,000 deep then meet the stack guard in whatever call moves them, and the
    // state machine (which answers GetEnumerator differently on the thread that made it) stays hidden.
    private BlockSyntax IteratorBody(SyntaxNode member, BlockSyntax block, SyntaxList<StatementSyntax> statements, int line)
    {
        var symbol = model.GetDeclaredSymbol(member) as IMethodSymbol;
        if (symbol is { IsStatic: false, MethodKind: not MethodKind.LocalFunction, ContainingType.TypeKind: TypeKind.Struct })
        {
            // The body moves into a local function, which cannot reach a struct's this.
            Unmeterable.Add((member.GetLocation(), "an iterator of a struct instance cannot be metered; make it static, taking the struct as a parameter, or move it to a class"));
            return block;
        }

        var returns = symbol?.ReturnType as INamedTypeSymbol;
        var wrapper = returns?.OriginalDefinition.SpecialType switch
        {
            SpecialType.System_Collections_Generic_IEnumerable_T => "Iterate",
            SpecialType.System_Collections_Generic_IEnumerator_T => "IterateEnumerator",
            _ => null,
        };
        if (wrapper is null)
        {
            Unmeterable.Add((member.GetLocation(), "an iterator returning a non-generic IEnumerable or IEnumerator cannot be metered; return IEnumerable<T> or IEnumerator<T>"));
            return block;
        }

        // A name no identifier of the enclosing type uses (a parameter or local may use the prefix).
        var scope = member.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().FirstOrDefault() ?? member;
        string name;
        do
        {
            name = "__hmsIterator" + (++_iterators).ToString(CultureInfo.InvariantCulture);
        }
        while (scope.DescendantTokens().Any(t => t.IsKind(SyntaxKind.IdentifierToken) && t.ValueText == name));

        // The local function takes the member's parameters as its own (shadowing them), so each
        // enumeration starts from the values the member was called with, as the iterator's own
        // state machine copies them; read through a closure, a parameter the body changes would
        // stay changed for the next enumeration.
        var parameters = symbol!.Parameters;
        var typeFormat = SymbolDisplayFormat.FullyQualifiedFormat.AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);
        var declared = string.Join(", ", parameters.Select(p => p.Type.ToDisplayString(typeFormat) + " @" + p.Name));
        var passed = string.Join(", ", parameters.Select(p => "@" + p.Name));
        var local = LocalFunctionStatement(ParseTypeName(returns!.ToDisplayString(typeFormat)).WithTrailingTrivia(Space), Identifier(name))
            .WithParameterList(ParseParameterList("(" + declared + ")"))
            .WithBody(Block(statements.Insert(0, Call("Step", line))));
        var start = ParseStatement($"return {Meter}.{wrapper}({name}({passed}), {line.ToString(CultureInfo.InvariantCulture)});");
        return block.WithStatements(List<StatementSyntax>([start, local]));
    }

    private bool IsLeaf(SyntaxNode member)
    {
        var operation = model.GetOperation(member);
        if (operation is null)
        {
            return false;
        }

        foreach (var o in operation.DescendantsAndSelf())
        {
            var safe = o switch
            {
                IMethodBodyOperation or IBlockOperation or IExpressionStatementOperation or IReturnOperation
                    or IBranchOperation or ILabeledOperation or IWhileLoopOperation or IForLoopOperation
                    or IVariableDeclarationGroupOperation or IVariableDeclarationOperation or IVariableDeclaratorOperation
                    or IVariableInitializerOperation or ILiteralOperation or ILocalReferenceOperation
                    or IParameterReferenceOperation or IFieldReferenceOperation or IInstanceReferenceOperation
                    or IArrayElementReferenceOperation or IConditionalOperation or ISimpleAssignmentOperation
                    or IDefaultValueOperation or IEmptyOperation or IIsTypeOperation or ISizeOfOperation
                    or IArrayCreationOperation or IArrayInitializerOperation or IConstantPatternOperation
                    or IDiscardOperation or IParenthesizedOperation => true,
                IBinaryOperation b => b.OperatorMethod is null && b.Type?.SpecialType != SpecialType.System_String,
                IUnaryOperation u => u.OperatorMethod is null,
                IIncrementOrDecrementOperation i => i.OperatorMethod is null,
                ICompoundAssignmentOperation c => c.OperatorMethod is null && c.Type?.SpecialType != SpecialType.System_String,
                IConversionOperation c => c.OperatorMethod is null && c.Type?.SpecialType != SpecialType.System_String,
                _ => false,
            };
            if (!safe)
            {
                return false;
            }
        }

        return true;
    }

    private static StatementSyntax ArrowStatement(ExpressionSyntax expression, bool returnsVoid)
    {
        if (expression is ThrowExpressionSyntax thrown)
        {
            return ThrowStatement(Token(default, SyntaxKind.ThrowKeyword, TriviaList(Space)), thrown.Expression, Token(SyntaxKind.SemicolonToken));
        }

        return returnsVoid
            ? ExpressionStatement(expression)
            : ReturnStatement(Token(default, SyntaxKind.ReturnKeyword, TriviaList(Space)), expression, Token(SyntaxKind.SemicolonToken));
    }
}
