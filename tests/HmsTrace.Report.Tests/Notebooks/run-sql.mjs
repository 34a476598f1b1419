// Runs named SQL queries in order on one DuckDB connection and writes what each returned as JSON.
// Usage: node run-sql.mjs <queries.json> <result.json>
// queries.json: [{ name, sql }]; result.json: { name: { columns, types, rows, first } | { error } }.
import fs from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const [queriesPath, resultPath] = process.argv.slice(2);
const queries = JSON.parse(fs.readFileSync(queriesPath, 'utf8'));
const instance = await DuckDBInstance.create(':memory:');
const db = await instance.connect();
const result = {};
for (const { name, sql } of queries) {
  try {
    const reader = await db.runAndReadAll(sql);
    const rows = reader.getRowObjectsJson();
    result[name] = { columns: reader.columnNames(), types: reader.columnTypes().map(t => t.toString()), rows: rows.length, first: rows[0] ?? null };
  } catch (e) {
    result[name] = { error: String(e && e.message || e) };
  }
}
fs.writeFileSync(resultPath, JSON.stringify(result));
