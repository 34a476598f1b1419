using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace HmsTrace.Analyzers.Analysis;

/// <summary>Preprocessor and script directives of a file, in order.</summary>
internal static class Directives
{
    public static IEnumerable<DirectiveTriviaSyntax> Of(SyntaxTree tree, CancellationToken cancellationToken)
    {
        foreach (var trivia in tree.GetRoot(cancellationToken).DescendantTrivia())
        {
            if (trivia.HasStructure && trivia.GetStructure() is DirectiveTriviaSyntax directive)
            {
                yield return directive;
            }
        }
    }
}
