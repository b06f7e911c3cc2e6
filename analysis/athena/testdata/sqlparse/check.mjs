// Usage: node --import ./register.mjs check.mjs trino|hive FILE...
// Parses each file with dt-sql-parser's Trino or Hive grammar (ANTLR
// grammars derived from Trino's SqlBase.g4 and Hive's) and prints one line
// per file: "ok FILE" or "error FILE: line:col message". Exits 1 on any error.
import { TrinoSQL, HiveSQL } from 'dt-sql-parser';
import { readFileSync } from 'node:fs';

const [dialect, ...files] = process.argv.slice(2);
const parser = dialect === 'hive' ? new HiveSQL() : dialect === 'trino' ? new TrinoSQL() : null;
if (!parser || files.length === 0) {
  console.error('usage: check.mjs trino|hive FILE...');
  process.exit(2);
}
let failed = 0;
for (const f of files) {
  const errs = parser.validate(readFileSync(f, 'utf8'));
  if (errs.length === 0) {
    console.log(`ok ${f}`);
    continue;
  }
  failed++;
  for (const e of errs) console.log(`error ${f}: ${e.startLine}:${e.startColumn} ${e.message}`);
}
process.exit(failed ? 1 : 0);
