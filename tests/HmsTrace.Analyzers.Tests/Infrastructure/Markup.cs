using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace HmsTrace.Analyzers.Tests.Infrastructure;

/// <summary>
/// Source with expected diagnostics marked inline: <c>{|HMS0001:File|}</c> expects HMS0001 on
/// exactly that text, <c>{|~HMS0001:File|}</c> expects it reported but suppressed.
/// </summary>
internal sealed class Markup
{
    private Markup(string source, IReadOnlyList<(string Id, bool Suppressed, TextSpan Span)> expected)
    {
        Source = source;
        Expected = expected;
    }

    public string Source { get; }

    public IReadOnlyList<(string Id, bool Suppressed, TextSpan Span)> Expected { get; }

    public static Markup Parse(string markup)
    {
        var output = new StringBuilder(markup.Length);
        var open = new Stack<(string Id, bool Suppressed, int Start)>();
        var expected = new List<(string, bool, TextSpan)>();
        for (var i = 0; i < markup.Length; i++)
        {
            if (markup[i] == '{' && i + 1 < markup.Length && markup[i + 1] == '|')
            {
                var colon = markup.IndexOf(':', i + 2);
                var id = markup[(i + 2)..colon];
                var suppressed = id.StartsWith('~');
                open.Push((suppressed ? id[1..] : id, suppressed, output.Length));
                i = colon;
            }
            else if (markup[i] == '|' && i + 1 < markup.Length && markup[i + 1] == '}' && open.Count > 0)
            {
                var (id, suppressed, start) = open.Pop();
                expected.Add((id, suppressed, TextSpan.FromBounds(start, output.Length)));
                i++;
            }
            else
            {
                output.Append(markup[i]);
            }
        }

        if (open.Count > 0)
        {
            throw new ArgumentException("Unclosed {| in markup.", nameof(markup));
        }

        return new Markup(output.ToString(), expected);
    }
}
