// Resolves extensionless relative ESM imports (as dt-sql-parser ships them): ./x -> ./x.js or ./x/index.js.
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
export async function resolve(spec, ctx, next) {
  if ((spec.startsWith('./') || spec.startsWith('../')) && ctx.parentURL) {
    const base = new URL(spec, ctx.parentURL);
    const p = fileURLToPath(base);
    if (existsSync(p + '.js')) return next(spec + '.js', ctx);
    if (existsSync(p) && statSync(p).isDirectory() && existsSync(p + '/index.js')) return next(spec + '/index.js', ctx);
  }
  return next(spec, ctx);
}
