using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using HmsTrace.Cli.Console;
using HmsTrace.Replay.Results;
using HmsTrace.Units;
using Spectre.Console;

namespace HmsTrace.Cli.Commands;

/// <summary><c>hmstrace compare RESULTS</c>: policies ranked per trace from a dataset's <c>runs</c> table.</summary>
internal static class CompareCommand
{
    private static readonly string[] Orders = ["modeled-time", "hit-rate", "byte-hit-rate", "bytes-moved"];

    public static Command Create(TextWriter output, TextWriter error)
    {
        var results = new Argument<string>("RESULTS") { Description = "Result dataset folder (the --out of a sweep or replay)." };
        var by = new Option<string>("--by") { Description = "Rank by: modeled-time (lowest first, default), hit-rate, byte-hit-rate (highest first) or bytes-moved (lowest first).", DefaultValueFactory = _ => "modeled-time" };
        by.AcceptOnlyFromAmong(Orders);
        var command = new Command("compare", "Print a ranked table of policies per trace (hit rates, modeled time, migrations, bytes moved, ping-pongs, policy faults) from a result dataset.")
        {
            results, by,
        };
        command.SetAction(parse =>
        {
            var rows = RunsTable.Read(parse.GetValue(results)!);
            var order = parse.GetValue(by)!;
            var console = Wide(Terminal.For(output), output);
            var start = 0;
            while (start < rows.Count)
            {
                var end = start;
                while (end < rows.Count && rows[end].Trace == rows[start].Trace)
                {
                    end++;
                }

                var group = new List<RunRecord>();
                for (var i = start; i < end; i++)
                {
                    group.Add(rows[i]);
                }

                group.Sort((a, b) => Compare(a, b, order));
                console.Write(Table(rows[start].Trace, group, order));
                start = end;
            }

            return HmsTraceCli.Success;
        });
        return command;
    }

    private static int Compare(RunRecord a, RunRecord b, string order)
    {
        var c = order switch
        {
            "hit-rate" => b.HitRate.CompareTo(a.HitRate),
            "byte-hit-rate" => b.ByteHitRate.CompareTo(a.ByteHitRate),
            "bytes-moved" => a.BytesMigrated.CompareTo(b.BytesMigrated),
            _ => a.ModeledNs.CompareTo(b.ModeledNs),
        };
        c = c != 0 ? c : string.CompareOrdinal(a.Policy, b.Policy);
        return c != 0 ? c : string.CompareOrdinal(a.RunId, b.RunId);
    }

    private static Table Table(string trace, List<RunRecord> group, string order)
    {
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape($"trace {trace} (ranked by {order})"));
        table.AddColumn(new TableColumn("#").RightAligned());
        table.AddColumn("policy");
        table.AddColumn("parameters");
        table.AddColumn("topology");

        // Inputs shown only when they differ between the trace's runs: the trace file's hash (two files
        // of one name), the topology's hash beside its name when capacities were overridden, seed, epoch,
        // monitoring regions; then the run id when two rows would still look alike (another policy code).
        var capacities = group.GroupBy(r => r.Topology, StringComparer.Ordinal).Any(g => g.Select(r => r.TopologySha256).Distinct(StringComparer.Ordinal).Count() > 1);
        string Topology(RunRecord r) => capacities ? $"{r.Topology} {Short(r.TopologySha256)}" : r.Topology;
        var setup = new List<(string Name, Func<RunRecord, string> Text)>();
        if (group.Select(r => r.TraceSha256).Distinct(StringComparer.Ordinal).Count() > 1)
        {
            setup.Add(("trace file", r => Short(r.TraceSha256)));
        }

        if (group.Select(r => r.Seed).Distinct().Count() > 1)
        {
            setup.Add(("seed", r => r.Seed.ToString(CultureInfo.InvariantCulture)));
        }

        if (group.Select(r => (r.EpochNs, r.EpochRecords)).Distinct().Count() > 1)
        {
            setup.Add(("epoch", EpochText));
        }

        if (group.Select(r => r.MaxRegions).Distinct().Count() > 1)
        {
            setup.Add(("regions", r => r.MaxRegions > 0 ? r.MaxRegions.ToString("N0", CultureInfo.InvariantCulture) : "all"));
        }

        string Shown(RunRecord r) => string.Join('\u001f', [r.Policy, Parameters(r.ParametersJson), Topology(r), .. setup.Select(s => s.Text(r))]);
        if (group.Select(Shown).Distinct(StringComparer.Ordinal).Count() < group.Count)
        {
            setup.Add(("run id", r => Short(r.RunId)));
        }

        foreach (var (name, _) in setup)
        {
            table.AddColumn(name == "seed" || name == "regions" ? new TableColumn(name).RightAligned() : new TableColumn(name));
        }

        foreach (var c in new[] { "hit rate", "byte hit rate", "modeled time", "migrations", "bytes moved", "ping-pongs", "policy faults" })
        {
            table.AddColumn(new TableColumn(c).RightAligned());
        }

        var rank = 0;
        foreach (var r in group)
        {
            table.AddRow(
            [
                (++rank).ToString(CultureInfo.InvariantCulture),
                Markup.Escape(r.Policy),
                Markup.Escape(Parameters(r.ParametersJson)),
                Markup.Escape(Topology(r)),
                .. setup.Select(s => Markup.Escape(s.Text(r))),
                r.HitRate.ToString("P2", CultureInfo.InvariantCulture),
                r.ByteHitRate.ToString("P2", CultureInfo.InvariantCulture),
                Markup.Escape(Duration.Format(r.ModeledNs)),
                string.Create(CultureInfo.InvariantCulture, $"{r.MigrationsMoved:N0}/{r.MigrationsRequested:N0}"),
                Markup.Escape(ByteSize.Format(r.BytesMigrated)),
                r.PingPongs.ToString("N0", CultureInfo.InvariantCulture),
                r.PolicyFaults.ToString("N0", CultureInfo.InvariantCulture),
            ]);
        }

        return table;
    }

    private static string Short(string hash) => hash.Length > 8 ? hash[..8] : hash;

    /// <summary>An epoch length as given: records, or trace time.</summary>
    private static string EpochText(RunRecord r)
        => r.EpochRecords > 0 ? r.EpochRecords.ToString("N0", CultureInfo.InvariantCulture) + " records" : Duration.Format(r.EpochNs);

    private static string Parameters(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var parts = new List<string>();
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                parts.Add($"{p.Name}={p.Value}");
            }

            return string.Join(' ', parts);
        }
        catch (JsonException)
        {
            return json;
        }
    }

    /// <summary>Redirected output has no width; wide tables would wrap at Spectre's default of 80 columns.</summary>
    private static IAnsiConsole Wide(IAnsiConsole console, TextWriter output)
    {
        if (!Terminal.IsInteractive(output))
        {
            console.Profile.Width = 240;
        }

        return console;
    }
}
