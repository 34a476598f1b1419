// Times DuckDB writing the migrations table with SNAPPY. Usage: node duckdb-migrations.mjs <interop folder> <out.parquet> <rows> <threads> <sql>
import { createRequire } from 'node:module';
import fs from 'node:fs';
const [folder, out, rows, threads, sql] = process.argv.slice(2);
const require = createRequire(folder + '/package.json');
const { DuckDBInstance } = require('@duckdb/node-api');
const instance = await DuckDBInstance.create(':memory:', { threads });
const db = await instance.connect();
const start = process.hrtime.bigint();
await db.run(`COPY (${sql.replace('{0}', rows)}) TO '${out}' (FORMAT parquet, COMPRESSION snappy)`);
const ms = Number(process.hrtime.bigint() - start) / 1e6;
console.log(JSON.stringify({ ms, bytes: fs.statSync(out).size }));
