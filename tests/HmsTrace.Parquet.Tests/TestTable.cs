using System.Globalization;

namespace HmsTrace.Parquet.Tests;

/// <summary>
/// A table of column arrays for tests: generates seeded random data for a schema, writes it, compares with what a
/// reader returns, and renders values the way the interop script normalises them.
/// </summary>
internal sealed class TestTable
{
    public TestTable(ParquetSchema schema, int rows)
    {
        Schema = schema;
        Rows = rows;
        Columns = new Array[schema.Count];
        Defined = new bool[schema.Count][];
    }

    public ParquetSchema Schema { get; }

    public int Rows { get; }

    public Array[] Columns { get; }

    public bool[][] Defined { get; }

    public static ParquetSchema AllTypesSchema() => new(
        ParquetField.Int64("id", encoding: ParquetColumnEncoding.DeltaBinaryPacked),
        ParquetField.Int64("big"),
        ParquetField.Int64("big_opt", optional: true),
        ParquetField.Int32("small"),
        ParquetField.Int32("small_opt", optional: true, encoding: ParquetColumnEncoding.DeltaBinaryPacked),
        ParquetField.Double("x"),
        ParquetField.Double("x_opt", optional: true, encoding: ParquetColumnEncoding.Plain),
        ParquetField.Boolean("flag"),
        ParquetField.Boolean("flag_opt", optional: true),
        ParquetField.String("name"),
        ParquetField.String("name_opt", optional: true),
        ParquetField.String("text_plain", encoding: ParquetColumnEncoding.Plain),
        ParquetField.Timestamp("ts", ParquetTimeUnit.Micros, optional: true));

    public static TestTable Random(ParquetSchema schema, int rows, int seed, bool extremes = true)
    {
        var rng = new Random(seed);
        var t = new TestTable(schema, rows);
        string[] words = ["policy", "hint", "fault", "pressure", "", "ünïcødé", "a\"b,c\nd"];
        for (var c = 0; c < schema.Count; c++)
        {
            var f = schema[c];
            var def = new bool[rows];
            for (var i = 0; i < rows; i++)
            {
                def[i] = !f.IsOptional || rng.Next(4) != 0;
            }

            t.Defined[c] = def;
            switch (f.PhysicalType)
            {
                case ParquetPhysicalType.Int64:
                    {
                        var v = new long[rows];
                        var sorted = f.Encoding == ParquetColumnEncoding.DeltaBinaryPacked;
                        long acc = rng.NextInt64(-1000, 1000);
                        for (var i = 0; i < rows; i++)
                        {
                            if (f.LogicalType.Kind == ParquetLogicalTypeKind.Timestamp)
                            {
                                v[i] = 1_700_000_000_000_000L + (rng.NextInt64(0, 1_000_000_000) * 1000);
                            }
                            else if (sorted)
                            {
                                acc += rng.Next(0, 5000);
                                v[i] = acc;
                            }
                            else
                            {
                                v[i] = (rng.Next(8), extremes) switch
                                {
                                    (0, true) => long.MinValue,
                                    (1, true) => long.MaxValue,
                                    (2, _) => rng.Next(3),
                                    _ => rng.NextInt64(long.MinValue, long.MaxValue),
                                };
                            }
                        }

                        t.Columns[c] = v;
                        break;
                    }

                case ParquetPhysicalType.Int32:
                    {
                        var v = new int[rows];
                        for (var i = 0; i < rows; i++)
                        {
                            v[i] = (rng.Next(8), extremes) switch
                            {
                                (0, true) => int.MinValue,
                                (1, true) => int.MaxValue,
                                (2, _) => rng.Next(3),
                                _ => rng.Next(int.MinValue, int.MaxValue),
                            };
                        }

                        t.Columns[c] = v;
                        break;
                    }

                case ParquetPhysicalType.Double:
                    {
                        var v = new double[rows];
                        for (var i = 0; i < rows; i++)
                        {
                            v[i] = (rng.Next(12), extremes) switch
                            {
                                (0, true) => double.NaN,
                                (1, true) => -0.0,
                                (2, true) => double.PositiveInfinity,
                                (3, true) => double.MinValue,
                                (4, _) => rng.Next(4) * 0.5,
                                _ => (rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-20, 20)),
                            };
                        }

                        t.Columns[c] = v;
                        break;
                    }

                case ParquetPhysicalType.Boolean:
                    {
                        var v = new bool[rows];
                        for (var i = 0; i < rows; i++)
                        {
                            v[i] = rng.Next(3) == 0;
                        }

                        t.Columns[c] = v;
                        break;
                    }

                default:
                    {
                        var v = new string?[rows];
                        for (var i = 0; i < rows; i++)
                        {
                            v[i] = !def[i] ? null : rng.Next(10) switch
                            {
                                < 6 => words[rng.Next(words.Length)],
                                < 9 => "v" + rng.Next(1000).ToString(CultureInfo.InvariantCulture),
                                _ => new string((char)('a' + rng.Next(26)), rng.Next(0, extremes ? 3000 : 40)),
                            };
                        }

                        t.Columns[c] = v;
                        break;
                    }
            }
        }

        return t;
    }

    /// <summary>Writes rows [start, start + count) as one row group.</summary>
    public void WriteRowGroup(ParquetWriter writer, int start, int count)
    {
        using var rg = writer.CreateRowGroup();
        for (var c = 0; c < Schema.Count; c++)
        {
            var def = Schema[c].IsOptional ? Defined[c].AsSpan(start, count) : default;
            switch (Columns[c])
            {
                case long[] l: rg.WriteColumn(c, l.AsSpan(start, count), def); break;
                case int[] n: rg.WriteColumn(c, n.AsSpan(start, count), def); break;
                case double[] d: rg.WriteColumn(c, d.AsSpan(start, count), def); break;
                case bool[] b: rg.WriteColumn(c, b.AsSpan(start, count), def); break;
                case string?[] s: rg.WriteColumn(c, (ReadOnlySpan<string?>)s.AsSpan(start, count)); break;
            }
        }
    }

    public byte[] ToParquet(ParquetWriterOptions? options = null, int rowGroupRows = int.MaxValue)
    {
        var ms = new MemoryStream();
        using (var w = ParquetWriter.Create(ms, Schema, options))
        {
            for (var start = 0; start < Rows; start += rowGroupRows)
            {
                WriteRowGroup(w, start, Math.Min(rowGroupRows, Rows - start));
            }
        }

        return ms.ToArray();
    }

    /// <summary>The value of row <paramref name="row"/> as the interop script renders it (null for null).</summary>
    public string? Render(int column, int row)
    {
        if (!Defined[column][row])
        {
            return null;
        }

        return Columns[column] switch
        {
            long[] l => l[row].ToString(CultureInfo.InvariantCulture),
            int[] n => n[row].ToString(CultureInfo.InvariantCulture),
            double[] d => RenderDouble(d[row]),
            bool[] b => b[row] ? "true" : "false",
            string?[] s => s[row],
            _ => throw new InvalidOperationException(),
        };
    }

    public static string RenderDouble(double d) =>
        double.IsNaN(d) ? "NaN"
        : double.IsPositiveInfinity(d) ? "Infinity"
        : double.IsNegativeInfinity(d) ? "-Infinity"
        : d == 0 && double.IsNegative(d) ? "-0"
        : d.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Reads every row group back with our reader and renders the values.</summary>
    public static List<string?>[] ReadRendered(ParquetReader reader)
    {
        var cols = new List<string?>[reader.Schema.Count];
        for (var c = 0; c < cols.Length; c++)
        {
            cols[c] = [];
            for (var g = 0; g < reader.RowGroups.Count; g++)
            {
                switch (reader.Schema[c].PhysicalType)
                {
                    case ParquetPhysicalType.Int64:
                        {
                            var v = reader.ReadInt64(g, c);
                            for (var i = 0; i < v.Count; i++)
                            {
                                cols[c].Add(v.IsNull(i) ? null : v.Values[i].ToString(CultureInfo.InvariantCulture));
                            }

                            break;
                        }

                    case ParquetPhysicalType.Int32:
                        {
                            var v = reader.ReadInt32(g, c);
                            for (var i = 0; i < v.Count; i++)
                            {
                                cols[c].Add(v.IsNull(i) ? null : v.Values[i].ToString(CultureInfo.InvariantCulture));
                            }

                            break;
                        }

                    case ParquetPhysicalType.Double:
                        {
                            var v = reader.ReadDouble(g, c);
                            for (var i = 0; i < v.Count; i++)
                            {
                                cols[c].Add(v.IsNull(i) ? null : RenderDouble(v.Values[i]));
                            }

                            break;
                        }

                    case ParquetPhysicalType.Boolean:
                        {
                            var v = reader.ReadBoolean(g, c);
                            for (var i = 0; i < v.Count; i++)
                            {
                                cols[c].Add(v.IsNull(i) ? null : v.Values[i] ? "true" : "false");
                            }

                            break;
                        }

                    default:
                        cols[c].AddRange(reader.ReadString(g, c).Values);
                        break;
                }
            }
        }

        return cols;
    }

    public List<string?> RenderColumn(int column)
    {
        var list = new List<string?>(Rows);
        for (var i = 0; i < Rows; i++)
        {
            list.Add(Render(column, i));
        }

        return list;
    }
}
