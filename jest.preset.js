// Shared Jest settings for every project: SWC transpiles TypeScript (with decorator
// metadata for Nest), and tsconfig path aliases map to library sources.
const { pathsToModuleNameMapper } = require('./tools/jest/paths');

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['@swc/jest', require('./tools/jest/swc-options').swcOptions],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: pathsToModuleNameMapper(),
  testMatch: ['**/?(*.)+(spec|test).ts'],
  setupFiles: [require.resolve('./tools/jest/setup.js')],
};
