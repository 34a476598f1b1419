using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace HmsTrace.Report.Tests.Rendering;

/// <summary>
/// A script added to a copy of the report (the report itself has none) that measures, after layout, every text
/// element of every chart and every legend entry, and records the pairs whose boxes overlap in a
/// <c>&lt;pre id="layout-check"&gt;</c> element, which <c>--dump-dom</c> then shows.
/// </summary>
internal static partial class LayoutCheck
{
    private const string Script = """
        <script>
        (() => {
          const overlaps = [];
          let measured = 0;
          const check = (group, elements) => {
            const boxes = elements.map(e => ({ e, r: e.getBoundingClientRect() })).filter(b => b.r.width > 0 && b.r.height > 0);
            measured += boxes.length;
            for (let i = 0; i < boxes.length; i++)
              for (let j = i + 1; j < boxes.length; j++) {
                const a = boxes[i].r, b = boxes[j].r;
                if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1)
                  overlaps.push(group + ': "' + boxes[i].e.textContent + '" overlaps "' + boxes[j].e.textContent + '"');
              }
          };
          document.querySelectorAll('svg.chart').forEach((svg, k) => check('chart ' + k + ' (' + svg.dataset.chart + ')', [...svg.querySelectorAll('text')]));
          document.querySelectorAll('ul.legend').forEach((ul, k) => check('legend ' + k, [...ul.querySelectorAll('li')]));
          document.querySelectorAll('.panels').forEach((p, k) => check('panels ' + k, [...p.querySelectorAll('figure.panel')]));
          const pre = document.createElement('pre');
          pre.id = 'layout-check';
          pre.textContent = JSON.stringify({ measured, overlaps });
          document.body.appendChild(pre);
        })();
        </script>
        """;

    /// <summary>Writes a copy of <paramref name="reportFile"/> with the measuring script to <paramref name="checkFile"/>.</summary>
    public static void Instrument(string reportFile, string checkFile)
    {
        var html = File.ReadAllText(reportFile);
        File.WriteAllText(checkFile, html.Replace("</body>", Script + "</body>", StringComparison.Ordinal));
    }

    /// <summary>Reads the result from a dumped DOM.</summary>
    public static (int Measured, List<string> Overlaps) Read(string dom)
    {
        var m = Result().Match(dom);
        Assert.That(m.Success, Is.True, "the layout check script did not run (no #layout-check in the DOM)");
        using var doc = JsonDocument.Parse(WebUtility.HtmlDecode(m.Groups[1].Value));
        return (doc.RootElement.GetProperty("measured").GetInt32(), doc.RootElement.GetProperty("overlaps").EnumerateArray().Select(e => e.GetString()!).ToList());
    }

    [GeneratedRegex("<pre id=\"layout-check\">(.*?)</pre>", RegexOptions.Singleline)]
    private static partial Regex Result();
}
