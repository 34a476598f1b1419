using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using HmsTrace.Report.Loading;

namespace HmsTrace.Report.Rendering;

/// <summary>The part of the report about one trace: ranking, hit rate, residency, migrations, heatmap, inputs.</summary>
internal sealed class TraceSection
{
    private const int WideWidth = 1280;
    private const int PanelWidth = 420;
    private const int PanelHeight = 230;

    private readonly ResultDataset _dataset;
    private readonly ReportOptions _options;
    private readonly string _trace;
    private readonly List<RunSummary> _ranked;
    private readonly List<RunSummary> _shown;
    private readonly Dictionary<string, string> _labels;
    private readonly Dictionary<string, string> _colors = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<string> _targets;
    private readonly Axis _time;
    private readonly StringBuilder _html = new();

    public TraceSection(ResultDataset dataset, ReportOptions options, string trace, IReadOnlyList<RunSummary> runs, IReadOnlyList<string> targets)
    {
        _dataset = dataset;
        _options = options;
        _trace = trace;
        _targets = targets;
        _ranked = Rank(runs);
        _labels = RunLabels.For(_ranked);
        _shown = Shown(_ranked, Math.Max(options.MaxLines, options.MaxPanels));
        for (var i = 0; i < _shown.Count; i++)
        {
            _colors[_shown[i].RunId] = Palette.Run(i);
        }

        _time = TimeAxis();
    }

    /// <summary>Runs ordered best first: least modeled time, then highest hit rate, then run id.</summary>
    public static List<RunSummary> Rank(IEnumerable<RunSummary> runs)
    {
        var list = runs.ToList();
        list.Sort(static (a, b) =>
        {
            var c = a.ModeledNs.CompareTo(b.ModeledNs);
            c = c != 0 ? c : b.HitRate.CompareTo(a.HitRate);
            return c != 0 ? c : string.CompareOrdinal(a.RunId, b.RunId);
        });
        return list;
    }

    /// <summary>The runs drawn in charts: the best-ranked run of each policy, then the next best, up to <paramref name="limit"/>, in rank order.</summary>
    public static List<RunSummary> Shown(List<RunSummary> ranked, int limit)
    {
        var chosen = new HashSet<string>(StringComparer.Ordinal);
        var policies = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in ranked)
        {
            if (chosen.Count < limit && policies.Add(r.Policy))
            {
                chosen.Add(r.RunId);
            }
        }

        foreach (var r in ranked)
        {
            if (chosen.Count < limit)
            {
                chosen.Add(r.RunId);
            }
        }

        return ranked.Where(r => chosen.Contains(r.RunId)).ToList();
    }

    public string Render(string anchor)
    {
        var first = _ranked[0];
        _html.Append("<section class=\"trace\" id=\"").Append(anchor).Append("\">");
        _html.Append("<h2>Trace <code>").Append(Html.Escape(_trace)).Append("</code></h2>");
        var shas = _ranked.Select(r => r.TraceSha256).Distinct().ToList();
        _html.Append("<p class=\"inputs\">").Append(Html.Count(_ranked.Count)).Append(_ranked.Count == 1 ? " run" : " runs")
             .Append(" · format ").Append(Html.Escape(string.Join(", ", _ranked.Select(r => r.TraceFormat).Distinct())))
             .Append(" · ").Append(Html.Count(first.Records)).Append(" records, ").Append(Html.Count(first.Accesses)).Append(" page touches, ")
             .Append(Html.Escape(ScaledUnit.FormatBytes(first.Bytes))).Append(" accessed · trace sha-256 ");
        foreach (var sha in shas)
        {
            _html.Append(Hash(sha)).Append(' ');
        }

        if (shas.Count > 1)
        {
            _html.Append("<strong class=\"warn\">(runs of this trace name used different files)</strong>");
        }

        _html.Append("</p>");
        Ranking();
        HitRate();
        Resident();
        Migrations();
        RangeHeatmap();
        Inputs();
        _html.Append("</section>");
        return _html.ToString();
    }

    private string Label(RunSummary r) => _labels[r.RunId];

    private string ShownNote(int shown, string what)
    {
        if (_ranked.Count <= shown)
        {
            return "";
        }

        return "<p class=\"note\">" + Html.Escape(string.Create(CultureInfo.InvariantCulture,
            $"{what} {shown} of {_ranked.Count} runs: the best-ranked run of each policy, then the next best. Every run is in the ranking table.")) + "</p>";
    }

    private void Ranking()
    {
        _html.Append("<h3>Ranking</h3><p class=\"hint\">Best first: least modeled access time (including fault-path migration stalls), then highest hit rate. A hit is an access served from the initiator's best target.</p>");
        var bestHit = _ranked.Max(r => r.HitRate);
        // A long sweep's ranking scrolls inside its own box (header row sticky) so the charts stay near the top.
        _html.Append(_ranked.Count > 15 ? "<div class=\"scroll tall\">" : "<div class=\"scroll\">").Append("<table class=\"ranking\"><thead><tr><th>#</th><th class=\"run\">run</th><th>hit rate</th><th>byte hit rate</th>")
             .Append("<th>modeled time</th><th>migration time</th><th>migrations requested</th><th>moved</th><th>partial</th><th>failed</th>")
             .Append("<th>bytes moved</th><th>ping-pongs</th><th>policy faults</th></tr></thead><tbody>");
        for (var i = 0; i < _ranked.Count; i++)
        {
            var r = _ranked[i];
            _html.Append("<tr><td>").Append(i + 1).Append("</td><td class=\"run\">").Append(Swatch(r)).Append(Html.Truncated(Label(r), _options.MaxLabelChars)).Append("</td>")
                 .Append(Cell(Html.Percent(r.HitRate), r.HitRate == bestHit))
                 .Append(Cell(Html.Percent(r.ByteHitRate), false))
                 .Append(Cell(ScaledUnit.FormatNs(r.ModeledNs), i == 0))
                 .Append(Cell(ScaledUnit.FormatNs(r.MigrationNs), false))
                 .Append(Cell(Html.Count(r.MigrationsRequested), false))
                 .Append(Cell(Html.Count(r.MigrationsMoved), false))
                 .Append(Cell(Html.Count(r.MigrationsPartial), false))
                 .Append(Cell(Html.Count(r.MigrationsFailed), false))
                 .Append(Cell(ScaledUnit.FormatBytes(r.BytesMigrated), false))
                 .Append(Cell(Html.Count(r.PingPongs), false))
                 .Append("<td class=\"num").Append(r.PolicyFaults > 0 ? " warn" : "").Append('"');
            if (r.FirstPolicyFault is { Length: > 0 } fault)
            {
                _html.Append(" title=\"").Append(Html.Escape(fault)).Append('"');
            }

            _html.Append('>').Append(Html.Count(r.PolicyFaults)).Append("</td></tr>");
        }

        _html.Append("</tbody></table></div>");
    }

    private static string Cell(string text, bool best)
        => "<td class=\"num" + (best ? " best" : "") + "\">" + Html.Escape(text) + "</td>";

    private string Swatch(RunSummary r)
        => _colors.TryGetValue(r.RunId, out var c) ? "<span class=\"swatch\" style=\"background:" + c + "\"></span>" : "<span class=\"swatch none\"></span>";

    private void HitRate()
    {
        var lines = _shown.Take(_options.MaxLines).ToList();
        var series = new List<LineSeries>();
        foreach (var r in lines)
        {
            var points = new List<(double, double)>();
            foreach (var (_, e) in _dataset.DataOf(r).Epochs)
            {
                points.Add(((e.StartNs + e.EndNs) / 2.0, e.Accesses > 0 ? (double)e.Hits / e.Accesses : double.NaN));
            }

            series.Add(new LineSeries(Label(r), _colors[r.RunId], points));
        }

        var frame = new ChartFrame("hit-rate", WideWidth, 320, _time, new Axis(0, 1, ScaledUnit.Percent, "hit rate (page touches served from the best target)"),
            $"Hit rate per epoch over trace time for {lines.Count} runs of trace {_trace}");
        _html.Append("<h3>Hit rate over time</h3><figure>").Append(LineChart.Render(frame, series));
        _html.Append("<ul class=\"legend\">");
        foreach (var r in lines)
        {
            _html.Append("<li>").Append(Swatch(r)).Append(Html.Truncated(Label(r), _options.MaxLabelChars)).Append("</li>");
        }

        _html.Append("</ul>").Append(ShownNote(lines.Count, "Showing")).Append("</figure>");
    }

    private void Resident()
    {
        var panels = _shown.Take(_options.MaxPanels).ToList();
        var data = new Dictionary<string, StackedSeries>(StringComparer.Ordinal);
        var max = 0.0;
        foreach (var r in panels)
        {
            var epochs = _dataset.DataOf(r).Epochs;
            var starts = epochs.Values.Select(e => (double)e.StartNs).ToArray();
            var ends = epochs.Values.Select(e => (double)e.EndNs).ToArray();
            var layers = new List<(string, string, double[])>();
            for (var t = 0; t < _targets.Count; t++)
            {
                var name = _targets[t];
                layers.Add((name, Palette.Target(t), epochs.Values.Select(e => (double)e.ResidentBytes.GetValueOrDefault(name)).ToArray()));
            }

            var series = new StackedSeries(starts, ends, layers);
            data[r.RunId] = series;
            max = Math.Max(max, series.MaxTotal());
        }

        var used = _targets.Where((t, i) => data.Values.Any(s => s.Layers[i].Values.Any(v => v > 0))).ToList();
        _html.Append("<h3>Resident bytes per target over time</h3>");
        Legend(used.Select(t => (t, Palette.Target(IndexOf(_targets, t)))));
        _html.Append("<div class=\"panels\">");
        var yAxis = new Axis(0, max > 0 ? max : 1, ScaledUnit.ForBytes(max), "resident at epoch end");
        foreach (var r in panels)
        {
            var frame = new ChartFrame("resident", PanelWidth, PanelHeight, _time, yAxis, $"Resident bytes per target over trace time, run {Label(r)}");
            Panel(r, "", StackedChart.Areas(frame, data[r.RunId], "nothing resident (no epoch rows)"));
        }

        _html.Append("</div>").Append(ShownNote(panels.Count, "Panels for")).Append("");
    }

    private void Migrations()
    {
        var panels = _shown.Take(_options.MaxPanels).ToList();
        var outcomes = new SortedSet<string>(StringComparer.Ordinal);
        var epochCount = 1;
        foreach (var r in panels)
        {
            var d = _dataset.DataOf(r);
            epochCount = Math.Max(epochCount, Math.Max(d.Epochs.Count, (int)Math.Min(int.MaxValue, r.Epochs)));
            foreach (var m in d.Migrations.Values)
            {
                outcomes.UnionWith(m.ByOutcome.Keys);
            }
        }

        var order = Palette.OutcomeOrder.Where(outcomes.Contains).Concat(outcomes.Where(o => !Palette.OutcomeOrder.Contains(o))).ToList();
        var frameWidth = PanelWidth - 64 - 20;
        var bins = Math.Max(1, Math.Min(epochCount, frameWidth / 4));
        var span = _time.Max - _time.Min;
        var binNs = span / bins;
        var starts = Enumerable.Range(0, bins).Select(i => _time.Min + (i * binNs)).ToArray();
        var ends = Enumerable.Range(0, bins).Select(i => _time.Min + ((i + 1) * binNs)).ToArray();
        var data = new Dictionary<string, StackedSeries>(StringComparer.Ordinal);
        foreach (var r in panels)
        {
            var d = _dataset.DataOf(r);
            var layers = order.Select(o => (o, Palette.Outcome(o), new double[bins])).ToList();
            foreach (var (epoch, m) in d.Migrations)
            {
                var t = d.Epochs.TryGetValue(epoch, out var e) ? e.StartNs
                    : r.EpochNs > 0 && r.EpochRecords == 0 ? epoch * r.EpochNs : m.FirstNs;
                var bin = Math.Clamp((int)Math.Floor((t - _time.Min) / binNs), 0, bins - 1);
                for (var k = 0; k < order.Count; k++)
                {
                    layers[k].Item3[bin] += m.ByOutcome.GetValueOrDefault(order[k]);
                }
            }

            data[r.RunId] = new StackedSeries(starts, ends, layers);
        }

        _html.Append("<h3>Migrations over time by outcome</h3><p class=\"hint\">Each panel has its own vertical scale.</p>");
        if (order.Count > 0)
        {
            Legend(order.Select(o => (o.Replace('_', ' '), Palette.Outcome(o))));
        }

        _html.Append("<div class=\"panels\">");
        var per = bins == epochCount && panels.Count > 0 && panels[0].EpochNs > 0 && panels[0].EpochRecords == 0 ? "epoch" : ScaledUnit.FormatNs((long)Math.Round(binNs));
        foreach (var r in panels)
        {
            // Each panel has its own scale: request counts differ between policies by orders of magnitude.
            var max = data[r.RunId].MaxTotal();
            var yAxis = new Axis(0, max > 0 ? max : 1, ScaledUnit.Count, "requests per " + per, Integer: true);
            var pingPongs = _dataset.DataOf(r).Migrations.Values.Sum(m => m.PingPongs);
            var frame = new ChartFrame("migrations", PanelWidth, PanelHeight, _time, yAxis, $"Migration requests over trace time by outcome, run {Label(r)}");
            Panel(r, string.Create(CultureInfo.InvariantCulture, $"{r.MigrationsRequested:N0} requests · {pingPongs:N0} ping-pongs"), StackedChart.Bars(frame, data[r.RunId], "no migrations"));
        }

        _html.Append("</div>").Append(ShownNote(panels.Count, "Panels for"));
    }

    private void RangeHeatmap()
    {
        _html.Append("<h3>Range heatmap</h3>");
        var run = _ranked.FirstOrDefault(r => _dataset.DataOf(r).Ranges.Count > 0) ?? _ranked.FirstOrDefault(r => _dataset.DataOf(r).HasRangeSnapshots);
        if (run is null)
        {
            _html.Append("<p class=\"note\">No run of this trace has range snapshots (the <code>ranges</code> table is empty).</p>");
            return;
        }

        var data = _dataset.DataOf(run);
        var spans = data.Epochs.ToDictionary(kv => kv.Key, kv => ((double)kv.Value.StartNs, (double)kv.Value.EndNs));
        if (run.EpochNs > 0 && run.EpochRecords == 0)
        {
            foreach (var c in data.Ranges)
            {
                spans.TryAdd(c.Epoch, (c.Epoch * (double)run.EpochNs, (c.Epoch + 1) * (double)run.EpochNs));
            }
        }

        _html.Append("<p class=\"hint\">From the range snapshots of run ").Append(Swatch(run)).Append(Html.Truncated(Label(run), _options.MaxLabelChars))
             .Append(" (rank ").Append(_ranked.IndexOf(run) + 1).Append("). Access counts are the trace's; other runs differ only in how ranges were split.</p>");
        var (svg, legend) = Heatmap.Render(data.Ranges, spans, _time, WideWidth, 420, $"Page touches per address range over trace time, run {Label(run)}");
        _html.Append("<figure>").Append(svg).Append(legend).Append("</figure>");
    }

    private void Inputs()
    {
        _html.Append("<h3>Inputs</h3>").Append(_ranked.Count > 15 ? "<div class=\"scroll tall\">" : "<div class=\"scroll\">").Append("<table class=\"inputs\"><thead><tr><th>#</th><th class=\"run\">run</th><th>run id</th><th>topology</th><th>policy</th>")
             .Append("<th>parameters</th><th>seed</th><th>epoch</th><th>epoch view</th><th>engine</th></tr></thead><tbody>");
        for (var i = 0; i < _ranked.Count; i++)
        {
            var r = _ranked[i];
            var parametersSha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(r.ParametersJson)));
            _html.Append("<tr><td>").Append(i + 1).Append("</td><td class=\"run\">").Append(Html.Truncated(Label(r), _options.MaxLabelChars)).Append("</td><td><code>")
                 .Append(Html.Escape(r.RunId)).Append("</code></td><td>").Append(Html.Escape(r.Topology)).Append(' ').Append(Hash(r.TopologySha256))
                 .Append("</td><td>").Append(Html.Escape(r.Policy)).Append(' ').Append(Hash(r.PolicySha256))
                 .Append("</td><td><code>").Append(Html.Truncated(r.ParametersJson, 60)).Append("</code> ").Append(Hash(parametersSha))
                 .Append("</td><td class=\"num\">").Append(r.Seed.ToString(CultureInfo.InvariantCulture))
                 .Append("</td><td>").Append(Html.Escape(RunLabels.EpochText(r))).Append("</td><td>").Append(Html.Escape(RunLabels.RegionsText(r)))
                 .Append("</td><td>").Append(Html.Escape(r.EngineVersion)).Append("</td></tr>");
        }

        _html.Append("</tbody></table></div><p class=\"hint\">Hashes are SHA-256 (first 12 hex digits; hover for all): of the trace file, the topology with capacity overrides, the policy's code, and <code>parameters_json</code>.</p>");
    }

    private static string Hash(string sha)
        => sha.Length == 0 ? "" : "<code class=\"hash\" title=\"" + Html.Escape(sha) + "\">" + Html.Escape(RunLabels.Short(sha, 12)) + "</code>";

    private void Legend(IEnumerable<(string Label, string Color)> entries)
    {
        _html.Append("<ul class=\"legend\">");
        foreach (var (label, color) in entries)
        {
            _html.Append("<li><span class=\"swatch\" style=\"background:").Append(color).Append("\"></span>").Append(Html.Truncated(label, _options.MaxLabelChars)).Append("</li>");
        }

        _html.Append("</ul>");
    }

    private void Panel(RunSummary r, string subtitle, string svg)
    {
        _html.Append("<figure class=\"panel\"><figcaption>").Append(Swatch(r)).Append(Html.Truncated(Label(r), _options.MaxLabelChars));
        if (subtitle.Length > 0)
        {
            _html.Append("<span class=\"sub\">").Append(Html.Escape(subtitle)).Append("</span>");
        }

        _html.Append("</figcaption>").Append(svg).Append("</figure>");
    }

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], value, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private Axis TimeAxis()
    {
        long min = long.MaxValue, max = long.MinValue;
        foreach (var r in _ranked)
        {
            var d = _dataset.DataOf(r);
            foreach (var e in d.Epochs.Values)
            {
                min = Math.Min(min, e.StartNs);
                max = Math.Max(max, e.EndNs);
            }

            foreach (var m in d.Migrations.Values)
            {
                min = Math.Min(min, m.FirstNs);
                max = Math.Max(max, m.LastNs + 1);
            }
        }

        if (min > max)
        {
            (min, max) = (0, 1);
        }

        return new Axis(min, Math.Max(max, min + 1), ScaledUnit.ForTime(max - min), "trace time");
    }
}
