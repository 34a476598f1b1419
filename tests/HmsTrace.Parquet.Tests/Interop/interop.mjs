// Reads Parquet files with three independent readers and writes what they saw as JSON.
// Usage: node interop.mjs <manifest.json> <result.json>
// manifest: { read: [path], duckdbWrite: [{ path, query, options }], hive: [{ glob, orderBy }] }
// Values are normalised so that the .NET side can compare exactly: bigint -> string, NaN/Infinity/-0 -> string,
// timestamps -> microseconds since the epoch as a string, Uint8Array -> hex.
import fs from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import * as parquetWasm from 'parquet-wasm';
import { tableFromIPC } from 'apache-arrow';

const [manifestPath, resultPath] = process.argv.slice(2);
const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));

function norm(v) {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'NaN';
    if (v === Infinity) return 'Infinity';
    if (v === -Infinity) return '-Infinity';
    if (Object.is(v, -0)) return '-0';
    return v;
  }
  if (typeof v === 'boolean' || typeof v === 'string') return v;
  if (v instanceof Date) return (BigInt(v.getTime()) * 1000n).toString();
  if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
  if (typeof v === 'object' && 'micros' in v) return v.micros.toString();
  return String(v);
}

function columnsFromRows(names, rows, pick) {
  const cols = {};
  for (const n of names) cols[n] = [];
  for (const r of rows) for (const n of names) cols[n].push(norm(pick(r, n)));
  return cols;
}

async function withError(fn) {
  try { return await fn(); } catch (e) { return { error: String(e && e.stack || e) }; }
}

const instance = await DuckDBInstance.create(':memory:');
const db = await instance.connect();
const q = (s) => s.replaceAll("'", "''");

async function duckColumns(sql) {
  const reader = await db.runAndReadAll(sql);
  const names = reader.columnNames();
  const rows = reader.getRowObjects();
  return { names, types: reader.columnTypes().map(t => t.toString()), columns: columnsFromRows(names, rows, (r, n) => r[n]) };
}

const result = { files: {}, written: {}, hive: [] };

for (const w of manifest.duckdbWrite ?? []) {
  result.written[w.path] = await withError(async () => {
    await db.run(`COPY (${w.query}) TO '${q(w.path)}' (FORMAT parquet${w.options ? ', ' + w.options : ''})`);
    const meta = await db.runAndReadAll(`SELECT path_in_schema, compression, encodings FROM parquet_metadata('${q(w.path)}')`);
    return { ...(await duckColumns(`SELECT * FROM read_parquet('${q(w.path)}')`)), metadata: meta.getRowObjectsJson() };
  });
}

for (const path of manifest.read ?? []) {
  const entry = {};
  entry.duckdb = await withError(async () => {
    const data = await duckColumns(`SELECT * FROM read_parquet('${q(path)}')`);
    const meta = await db.runAndReadAll(`SELECT row_group_id, row_group_num_rows, path_in_schema, type, stats_min_value, stats_max_value, stats_null_count, compression, encodings, num_values, dictionary_page_offset FROM parquet_metadata('${q(path)}') ORDER BY row_group_id, column_id`);
    const kv = await db.runAndReadAll(`SELECT decode(key) AS key, decode(value) AS value FROM parquet_kv_metadata('${q(path)}')`);
    const fileMeta = await db.runAndReadAll(`SELECT created_by, num_rows, num_row_groups, format_version FROM parquet_file_metadata('${q(path)}')`);
    return { ...data, metadata: meta.getRowObjectsJson(), kv: kv.getRowObjectsJson(), file: fileMeta.getRowObjectsJson()[0] };
  });
  const bytes = fs.readFileSync(path);
  const arrayBuffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  entry.hyparquet = await withError(async () => {
    const md = parquetMetadata(arrayBuffer);
    const names = md.schema.slice(1).map(e => e.name);
    const rows = await parquetReadObjects({ file: arrayBuffer, compressors });
    return { names, columns: columnsFromRows(names, rows, (r, n) => r[n]) };
  });
  entry.parquetWasm = await withError(async () => {
    const wasmTable = parquetWasm.readParquet(new Uint8Array(bytes));
    const table = tableFromIPC(wasmTable.intoIPCStream());
    const names = table.schema.fields.map(f => f.name);
    const types = table.schema.fields.map(f => f.type.toString());
    const cols = {};
    for (const [i, n] of names.entries()) {
      const vec = table.getChild(n);
      const isTs = types[i].startsWith('Timestamp');
      const unit = vec.type.unit; // 0 s, 1 ms, 2 us, 3 ns
      const out = [];
      for (let r = 0; r < table.numRows; r++) {
        let v = vec.get(r);
        if (isTs && v !== null && v !== undefined) {
          // Arrow JS hands timestamps out as epoch milliseconds (number) or as raw bigint in the column's unit.
          v = typeof v === 'bigint' ? (unit === 1 ? v * 1000n : unit === 3 ? v / 1000n : v).toString() : (BigInt(Math.round(v)) * 1000n).toString();
        }
        out.push(norm(v));
      }
      cols[n] = out;
    }
    return { names, types, columns: cols };
  });
  result.files[path] = entry;
}

for (const h of manifest.hive ?? []) {
  result.hive.push(await withError(async () => ({
    glob: h.glob,
    ...(await duckColumns(`SELECT * FROM read_parquet('${q(h.glob)}', hive_partitioning = true) ORDER BY ${h.orderBy}`)),
  })));
}

fs.writeFileSync(resultPath, JSON.stringify(result));
