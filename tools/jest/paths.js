// Turns the path aliases of tsconfig.base.json into Jest's moduleNameMapper,
// so there is one list of aliases for the compiler, Jest and the runtime.
const path = require('node:path');
const fs = require('node:fs');

const root = path.resolve(__dirname, '..', '..');

function readAliases() {
  const tsconfig = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8'));
  return tsconfig.compilerOptions.paths ?? {};
}

function pathsToModuleNameMapper() {
  const mapper = {};
  for (const [alias, targets] of Object.entries(readAliases())) {
    mapper[`^${alias.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`] = path.join(root, targets[0]);
  }
  return mapper;
}

module.exports = { pathsToModuleNameMapper, readAliases, root };
