using System.Globalization;
using System.Text.Json;

namespace HmsTrace.Parquet.Tests.Interop;

/// <summary>
/// Files written by HmsTrace.Parquet, read by DuckDB, parquet-wasm (arrow-rs) and hyparquet; and files written by
/// DuckDB, read by HmsTrace.Parquet. All files go to node in one batch.
/// </summary>
[TestFixture]
public sealed class IndependentReaderTests
{
    private const int Seed = 20240611;
    private static readonly string[] Readers = ["duckdb", "hyparquet", "parquetWasm"];
    private readonly Dictionary<string, TestTable> _written = [];
    private readonly Dictionary<string, ParquetWriterOptions> _options = [];
    private readonly Dictionary<string, string> _duckQueries = [];
    private string _dir = "";
    private JsonDocument _result = null!;

    [OneTimeSetUp]
    public void WriteFilesAndRunReaders()
    {
        _dir = Path.Combine(Path.GetTempPath(), "hmstrace-parquet-interop-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        var schema = TestTable.AllTypesSchema();
        var table = TestTable.Random(schema, 700, Seed);
        // Timestamps are whole milliseconds: hyparquet and Arrow JS hand them out as JavaScript dates/milliseconds.
        foreach (var (name, codec) in new[] { ("snappy", ParquetCompression.Snappy), ("gzip", ParquetCompression.Gzip), ("uncompressed", ParquetCompression.Uncompressed) })
        {
            Write($"all_types_{name}.parquet", table, new ParquetWriterOptions { Compression = codec, DataPageSizeBytes = 2048 }, rowGroupRows: 300);
        }

        var fallbackSchema = new ParquetSchema(ParquetField.String("few"), ParquetField.String("many"), ParquetField.Int64("ids"));
        var fallback = new TestTable(fallbackSchema, 5000);
        fallback.Columns[0] = Enumerable.Range(0, 5000).Select(i => (string?)("reason-" + (i % 4))).ToArray();
        fallback.Columns[1] = Enumerable.Range(0, 5000).Select(i => (string?)(i < 2000 ? "value-" + (i % 20) : "unique-value-" + i)).ToArray();
        fallback.Columns[2] = Enumerable.Range(0, 5000).Select(i => (long)(i % 300 == 0 ? i : i % 50)).ToArray();
        for (var c = 0; c < 3; c++)
        {
            fallback.Defined[c] = Enumerable.Repeat(true, 5000).ToArray();
        }

        Write("dictionary_fallback.parquet", fallback, new ParquetWriterOptions { DictionarySizeLimitBytes = 4000, DataPageSizeBytes = 1024 });
        Write("key_value.parquet", TestTable.Random(schema, 3, Seed + 1), new ParquetWriterOptions
        {
            KeyValueMetadata = [new("hmstrace.schema", "migrations/1"), new("note", "ünïcødé = ok")],
            CreatedBy = "hmstrace version 0.1.0 (build test)",
        });
        Write("one_row.parquet", TestTable.Random(schema, 1, Seed + 2), ParquetWriterOptions.Default);
        Write("zero_rows.parquet", TestTable.Random(schema, 0, Seed + 3), ParquetWriterOptions.Default);

        // A Hive-partitioned dataset with values that need escaping.
        var hiveRoot = Path.Combine(_dir, "hive", "migrations");
        var hiveSchema = new ParquetSchema(ParquetField.Int64("t_ns"), ParquetField.String("outcome"));
        string[] policies = ["lru", "first touch/v2"];
        string[] traces = ["ls=1", "a:b"];
        var part = 0;
        foreach (var policy in policies)
        {
            foreach (var trace in traces)
            {
                var rel = HivePartitionPath.Build("", [new("policy", policy), new("trace", trace)], part++);
                var path = Path.Combine(hiveRoot, rel);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                using var fs = File.Create(path);
                using var w = ParquetWriter.Create(fs, hiveSchema);
                using var rg = w.CreateRowGroup();
                rg.WriteColumn(0, new long[] { part * 10, (part * 10) + 1 });
                rg.WriteColumn(1, new string?[] { "moved", "pinned" });
            }
        }

        const string duckSource = "SELECT range::BIGINT AS i, (range % 7)::INTEGER AS small, CASE WHEN range % 5 = 0 THEN NULL ELSE 'k' || (range % 13) END AS s, "
            + "CASE WHEN range % 11 = 0 THEN NULL ELSE (range * 0.25)::DOUBLE END AS d, range % 3 = 0 AS b, 'unique-' || range AS u, "
            + "TIMESTAMP '2024-01-01' + to_seconds(range) AS ts FROM range(5000)";
        _duckQueries["duck_v1_snappy.parquet"] = "COMPRESSION snappy, ROW_GROUP_SIZE 2048";
        _duckQueries["duck_v2_gzip.parquet"] = "COMPRESSION gzip, PARQUET_VERSION v2, ROW_GROUP_SIZE 2048";
        _duckQueries["duck_v2_uncompressed.parquet"] = "COMPRESSION uncompressed, PARQUET_VERSION v2";
        _duckQueries["duck_v1_uncompressed.parquet"] = "COMPRESSION uncompressed";

        var manifest = new
        {
            read = _written.Keys.Select(k => Path.Combine(_dir, k)).ToArray(),
            duckdbWrite = _duckQueries.Select(kv => new { path = Path.Combine(_dir, kv.Key), query = duckSource, options = kv.Value }).ToArray(),
            hive = new[] { new { glob = hiveRoot + "/**/*.parquet", orderBy = "t_ns" } },
        };
        _result = NodeInterop.RunManifest(manifest, _dir);
    }

    [OneTimeTearDown]
    public void DeleteFiles()
    {
        _result?.Dispose();
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private void Write(string name, TestTable table, ParquetWriterOptions options, int rowGroupRows = int.MaxValue)
    {
        File.WriteAllBytes(Path.Combine(_dir, name), table.ToParquet(options, rowGroupRows));
        _written[name] = table;
        _options[name] = options;
    }

    private JsonElement FileResult(string name, string reader)
    {
        var entry = _result.RootElement.GetProperty("files").GetProperty(Path.Combine(_dir, name)).GetProperty(reader);
        if (entry.TryGetProperty("error", out var error))
        {
            Assert.Fail($"{reader} could not read {name}: {error.GetString()}");
        }

        return entry;
    }

    private static List<string?> Rendered(JsonElement column, ParquetPhysicalType type)
    {
        var list = new List<string?>();
        foreach (var v in column.EnumerateArray())
        {
            list.Add(v.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                JsonValueKind.Number when type == ParquetPhysicalType.Double => TestTable.RenderDouble(double.Parse(v.GetRawText(), CultureInfo.InvariantCulture)),
                JsonValueKind.Number => v.GetRawText(),
                _ => v.GetString(),
            });
        }

        return list;
    }

    private static IEnumerable<TestCaseData> FilesAndReaders()
    {
        foreach (var file in new[] { "all_types_snappy.parquet", "all_types_gzip.parquet", "all_types_uncompressed.parquet", "dictionary_fallback.parquet", "key_value.parquet", "one_row.parquet", "zero_rows.parquet" })
        {
            foreach (var reader in Readers)
            {
                yield return new TestCaseData(file, reader).SetName($"{{m}}({file},{reader})");
            }
        }
    }

    [TestCaseSource(nameof(FilesAndReaders))]
    public void Independent_readers_see_the_values_we_wrote(string file, string reader)
    {
        var table = _written[file];
        var result = FileResult(file, reader);
        var columns = result.GetProperty("columns");
        for (var c = 0; c < table.Schema.Count; c++)
        {
            var field = table.Schema[c];
            Assert.That(columns.TryGetProperty(field.Name, out var column), Is.True, $"{reader} lacks column {field.Name} in {file}");
            var actual = Rendered(column, field.PhysicalType);
            var expected = table.RenderColumn(c);
            Assert.That(actual, Is.EqualTo(expected), $"{reader} read column '{field.Name}' of {file} differently (seed {Seed})");
        }
    }

    [Test]
    public void DuckDB_metadata_shows_codec_encodings_and_statistics()
    {
        var meta = FileResult("all_types_snappy.parquet", "duckdb").GetProperty("metadata").EnumerateArray().ToList();
        var table = _written["all_types_snappy.parquet"];
        Assert.That(meta.Select(m => m.GetProperty("compression").GetString()).Distinct(), Is.EqualTo(new[] { "SNAPPY" }));
        var id = meta.First(m => m.GetProperty("path_in_schema").GetString() == "id" && m.GetProperty("row_group_id").GetRawText() == "\"0\"");
        Assert.That(id.GetProperty("encodings").GetString(), Does.Contain("DELTA_BINARY_PACKED"));
        var ids = (long[])table.Columns[0];
        Assert.That(id.GetProperty("stats_min_value").GetString(), Is.EqualTo(ids[0].ToString(CultureInfo.InvariantCulture)));
        Assert.That(id.GetProperty("stats_max_value").GetString(), Is.EqualTo(ids[299].ToString(CultureInfo.InvariantCulture)));
        var name = meta.First(m => m.GetProperty("path_in_schema").GetString() == "name_opt" && m.GetProperty("row_group_id").GetRawText() == "\"0\"");
        Assert.That(name.GetProperty("encodings").GetString(), Does.Contain("RLE_DICTIONARY"));
        var names = ((string?[])table.Columns[10]).Take(300).Where(s => s is not null).Select(s => System.Text.Encoding.UTF8.GetBytes(s!)).ToList();
        names.Sort((a, b) => a.AsSpan().SequenceCompareTo(b));
        Assert.That(name.GetProperty("stats_min_value").GetString(), Is.EqualTo(System.Text.Encoding.UTF8.GetString(names[0])));
        Assert.That(name.GetProperty("stats_max_value").GetString(), Is.EqualTo(System.Text.Encoding.UTF8.GetString(names[^1])));
        Assert.That(name.GetProperty("stats_null_count").GetRawText(), Is.EqualTo($"\"{table.Defined[10].Take(300).Count(d => !d)}\""));
        var plain = meta.First(m => m.GetProperty("path_in_schema").GetString() == "text_plain");
        Assert.That(plain.GetProperty("encodings").GetString(), Is.EqualTo("PLAIN"));
    }

    [Test]
    public void DuckDB_sees_the_dictionary_fall_back_to_plain_when_it_outgrows_its_limit()
    {
        var meta = FileResult("dictionary_fallback.parquet", "duckdb").GetProperty("metadata").EnumerateArray().ToList();
        string Encodings(string column) => meta.First(m => m.GetProperty("path_in_schema").GetString() == column).GetProperty("encodings").GetString()!;
        // PLAIN appears in every dictionary-encoded chunk (the dictionary page); which data pages fell back is
        // checked against the footer's encoding_stats in WriterEncodingTests.
        Assert.That(Encodings("few"), Is.EqualTo("PLAIN, RLE_DICTIONARY"));
        Assert.That(Encodings("many"), Is.EqualTo("PLAIN, RLE_DICTIONARY"));
        Assert.That(Encodings("ids"), Is.EqualTo("PLAIN, RLE_DICTIONARY"));
    }

    [Test]
    public void DuckDB_reads_key_value_metadata_and_created_by()
    {
        var duck = FileResult("key_value.parquet", "duckdb");
        var kv = duck.GetProperty("kv").EnumerateArray().Select(e => (e.GetProperty("key").GetString(), e.GetProperty("value").GetString())).ToList();
        Assert.That(kv, Is.EqualTo(new[] { ("hmstrace.schema", "migrations/1"), ("note", "ünïcødé = ok") }));
        Assert.That(duck.GetProperty("file").GetProperty("created_by").GetString(), Is.EqualTo("hmstrace version 0.1.0 (build test)"));
    }

    [Test]
    public void DuckDB_reads_a_hive_partitioned_dataset_as_one_table_with_partition_columns()
    {
        var hive = _result.RootElement.GetProperty("hive")[0];
        if (hive.TryGetProperty("error", out var error))
        {
            Assert.Fail(error.GetString() ?? "error");
        }

        var columns = hive.GetProperty("columns");
        Assert.That(hive.GetProperty("names").EnumerateArray().Select(n => n.GetString()), Is.EquivalentTo(new[] { "t_ns", "outcome", "policy", "trace" }));
        Assert.That(columns.GetProperty("t_ns").GetArrayLength(), Is.EqualTo(8));
        var pairs = Enumerable.Range(0, 8).Select(i => (columns.GetProperty("policy")[i].GetString(), columns.GetProperty("trace")[i].GetString())).Distinct().ToList();
        Assert.That(pairs, Is.EquivalentTo(new[] { ("lru", "ls=1"), ("lru", "a:b"), ("first touch/v2", "ls=1"), ("first touch/v2", "a:b") }));
    }

    private static IEnumerable<string> DuckFiles() => ["duck_v1_snappy.parquet", "duck_v2_gzip.parquet", "duck_v2_uncompressed.parquet", "duck_v1_uncompressed.parquet"];

    [TestCaseSource(nameof(DuckFiles))]
    public void Our_reader_reads_files_DuckDB_wrote(string file)
    {
        var path = Path.Combine(_dir, file);
        var written = _result.RootElement.GetProperty("written").GetProperty(path);
        if (written.TryGetProperty("error", out var error))
        {
            Assert.Fail(error.GetString() ?? "error");
        }

        using var reader = ParquetReader.Open(File.OpenRead(path));
        var ours = TestTable.ReadRendered(reader);
        for (var c = 0; c < reader.Schema.Count; c++)
        {
            var field = reader.Schema[c];
            var theirs = Rendered(written.GetProperty("columns").GetProperty(field.Name), field.PhysicalType);
            Assert.That(ours[c], Is.EqualTo(theirs), $"column '{field.Name}' of {file} (DuckDB encodings: {written.GetProperty("metadata")})");
        }
    }
}
