using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using HmsTrace.Cli.Console;
using HmsTrace.Topology;
using HmsTrace.Units;
using Spectre.Console;

namespace HmsTrace.Cli.Commands;

/// <summary><c>hmstrace topo show</c>: the enumeration and the initiator × target cost matrix.</summary>
internal static class TopologyCommands
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<string>("topology") { Description = "Topology JSON file or bundled preset name.", DefaultValueFactory = _ => BundledFiles.DefaultTopology };
        var json = new Option<bool>("--json") { Description = "Print JSON for machines instead of tables." };
        var show = new Command("show", "Print targets, initiators, links, bridges and the initiator × target cost matrix.") { file, json };
        show.SetAction(parse =>
        {
            var topology = TopologyLoader.Load(BundledFiles.Topology(parse.GetValue(file)!));
            var binding = topology.Bind(TopologyLoader.EngineVersions);
            if (parse.GetValue(json))
            {
                WriteJson(output, topology, binding);
            }
            else
            {
                WriteTables(output, topology, binding);
            }

            return HmsTraceCli.Success;
        });
        var presets = new Command("list", "List the bundled topology presets.");
        presets.SetAction(_ =>
        {
            var dir = Path.Combine(AppContext.BaseDirectory, "topologies");
            var files = Directory.Exists(dir) ? Directory.GetFiles(dir, "*.json") : [];
            Array.Sort(files, StringComparer.Ordinal);
            foreach (var f in files)
            {
                var t = TopologyLoader.Load(f);
                output.WriteLine($"{Path.GetFileNameWithoutExtension(f),-20} {t.Name}: {t.Targets.Count} targets, {t.Initiators.Count} initiators");
            }

            return HmsTraceCli.Success;
        });
        return new Command("topo", "Inspect machine topologies.") { show, presets };
    }

    private static void WriteTables(TextWriter output, MachineTopology topology, TopologyBinding binding)
    {
        var console = Terminal.For(output);
        console.WriteLine($"topology {topology.Name}: page size {ByteSize.Format(topology.PageSizeBytes)}, migration overhead {topology.MigrationRequestOverheadNs} ns per request + {topology.MigrationPageOverheadNs} ns per page");
        var targets = new Table().Title("targets").AddColumns("id", "name", "kind", "capacity", "node", "quota/process", "allowed", "usable");
        for (var t = 0; t < topology.Targets.Count; t++)
        {
            var x = topology.Targets[t];
            targets.AddRow(x.Id.ToString(), Markup.Escape(x.Name), x.Kind.ToString().ToLowerInvariant(), ByteSize.Format(x.CapacityBytes), x.NodeId.ToString(CultureInfo.InvariantCulture),
                x.QuotaBytesPerProcess is { } q ? ByteSize.Format(q) : "-", x.AllowedProcesses is { } a ? string.Join(",", a) : "all", binding.TargetUsable[t] ? "yes" : "no (version)");
        }

        console.Write(targets);
        var initiators = new Table().Title("initiators").AddColumns("id", "name", "kind", "cpus / bus id", "usable");
        for (var i = 0; i < topology.Initiators.Count; i++)
        {
            var x = topology.Initiators[i];
            initiators.AddRow(x.Id.ToString(), Markup.Escape(x.Name), x.Kind.ToString().ToLowerInvariant(), Markup.Escape(x.Cpus ?? x.BusId ?? "-"), binding.InitiatorUsable[i] ? "yes" : "no (version)");
        }

        console.Write(initiators);
        var links = new Table().Title("links").AddColumns("id", "from", "to", "latency r/w (ns)", "bandwidth r/w");
        foreach (var l in topology.Links)
        {
            links.AddRow(l.Id.ToString(), Markup.Escape(l.From), Markup.Escape(l.To), $"{l.ReadLatencyNs}/{l.WriteLatencyNs}", $"{Bandwidth(l.ReadBandwidthBytesPerSec)}/{Bandwidth(l.WriteBandwidthBytesPerSec)}");
        }

        console.Write(links);
        if (topology.Bridges.Count > 0)
        {
            var bridges = new Table().Title("bridges").AddColumns("id", "name", "latency (ns)", "bandwidth", "initiators");
            foreach (var b in topology.Bridges)
            {
                bridges.AddRow(b.Id.ToString(), Markup.Escape(b.Name), b.LatencyNs.ToString(CultureInfo.InvariantCulture), Bandwidth(b.BandwidthBytesPerSec), b.Initiators.Count == 0 ? "all" : Markup.Escape(string.Join(",", b.Initiators)));
            }

            console.Write(bridges);
        }

        var matrix = new Table().Title("access cost: read latency ns / read bandwidth (* = best target)").AddColumn("initiator");
        foreach (var t in topology.Targets)
        {
            matrix.AddColumn(Markup.Escape(t.Name));
        }

        for (var i = 0; i < topology.Initiators.Count; i++)
        {
            var order = binding.PreferenceOrder(i);
            var cells = new List<string> { Markup.Escape(topology.Initiators[i].Name) };
            for (var t = 0; t < topology.Targets.Count; t++)
            {
                var p = binding.AccessPath(i, t);
                cells.Add(p.IsReachable ? $"{p.ReadLatencyNs} / {Bandwidth(p.ReadBandwidthBytesPerSec)}{(order.Count > 0 && order[0] == t ? " *" : string.Empty)}" : "unreachable");
            }

            matrix.AddRow([.. cells]);
        }

        console.Write(matrix);
    }

    private static string Bandwidth(long bytesPerSec) => bytesPerSec == long.MaxValue ? "∞" : string.Create(CultureInfo.InvariantCulture, $"{bytesPerSec / 1e9:0.##} GB/s");

    private static void WriteJson(TextWriter output, MachineTopology topology, TopologyBinding binding)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("name", topology.Name);
            w.WriteNumber("pageSizeBytes", topology.PageSizeBytes);
            w.WriteStartArray("targets");
            for (var t = 0; t < topology.Targets.Count; t++)
            {
                var x = topology.Targets[t];
                w.WriteStartObject();
                w.WriteString("id", x.Id.ToString());
                w.WriteString("name", x.Name);
                w.WriteString("kind", x.Kind.ToString().ToLowerInvariant());
                w.WriteNumber("capacityBytes", x.CapacityBytes);
                w.WriteNumber("node", x.NodeId);
                w.WriteBoolean("usable", binding.TargetUsable[t]);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("initiators");
            for (var i = 0; i < topology.Initiators.Count; i++)
            {
                var x = topology.Initiators[i];
                w.WriteStartObject();
                w.WriteString("id", x.Id.ToString());
                w.WriteString("name", x.Name);
                w.WriteString("kind", x.Kind.ToString().ToLowerInvariant());
                w.WriteBoolean("usable", binding.InitiatorUsable[i]);
                w.WriteStartArray("paths");
                for (var t = 0; t < topology.Targets.Count; t++)
                {
                    var p = binding.AccessPath(i, t);
                    w.WriteStartObject();
                    w.WriteString("target", topology.Targets[t].Name);
                    w.WriteBoolean("reachable", p.IsReachable);
                    if (p.IsReachable)
                    {
                        w.WriteNumber("readLatencyNs", p.ReadLatencyNs);
                        w.WriteNumber("writeLatencyNs", p.WriteLatencyNs);
                        w.WriteNumber("readBandwidthBytesPerSec", p.ReadBandwidthBytesPerSec);
                        w.WriteNumber("writeBandwidthBytesPerSec", p.WriteBandwidthBytesPerSec);
                        w.WriteString("hops", string.Join(" > ", p.Hops));
                    }

                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
