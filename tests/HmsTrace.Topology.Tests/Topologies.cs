using System.Text;

namespace HmsTrace.Topology.Tests;

/// <summary>Loads the bundled presets and parses inline topology JSON for tests.</summary>
internal static class Topologies
{
    public const long GB = 1_000_000_000;

    public static MachineTopology Preset(string name)
        => TopologyLoader.Load(Path.Combine(TestContext.CurrentContext.TestDirectory, "topologies", name + ".json"));

    public static MachineTopology Parse(string json) => TopologyLoader.Parse(Encoding.UTF8.GetBytes(json), "test.json");

    /// <summary>A topology document from its four arrays (each given as the text between the brackets).</summary>
    public static string Document(string targets, string initiators, string links, string bridges = "")
        => $$"""
        {
          "name": "test",
          "targets": [ {{targets}} ],
          "initiators": [ {{initiators}} ],
          "bridges": [ {{bridges}} ],
          "links": [ {{links}} ]
        }
        """;

    /// <summary>Parses <paramref name="json"/>, expecting a validation error; returns the topology error inside it.</summary>
    public static TopologyException ParseError(string json)
    {
        var e = Assert.Throws<InputException>(() => Parse(json))!;
        Assert.That(e.Source, Is.EqualTo("test.json"));
        Assert.That(e.InnerException, Is.TypeOf<TopologyException>());
        var inner = (TopologyException)e.InnerException!;
        Assert.That(e.Message, Does.Contain(inner.JsonPath), "the message names the JSON path");
        return inner;
    }
}
