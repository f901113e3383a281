// Runs a TypeScript entry point directly: SWC compiles on load, with the
// decorator metadata Nest needs and the path aliases of tsconfig.base.json.
import { register } from 'node:module';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
process.env.SWC_NODE_PROJECT ??= path.join(root, 'tsconfig.base.json');
require('@swc-node/register');
void register;

const entry = process.argv[2];
if (!entry) {
  console.error('usage: node tools/scripts/run-ts.mjs <entry.ts> [args…]');
  process.exit(2);
}
process.argv.splice(1, 1);
require(path.resolve(root, entry));
