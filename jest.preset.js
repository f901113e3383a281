// Shared Jest settings for every project: SWC transpiles TypeScript (with decorator
// metadata for Nest), and tsconfig path aliases map to library sources.
const { pathsToModuleNameMapper } = require('./tools/jest/paths');

// Test tiers, named by file suffix so a reader sees a file's tier:
//   *.spec.ts        `npm test`: unit, property, integration, browser journeys, hostile input
//   *.soak.spec.ts   `npm run test:soak`: scale and durability (minutes each)
// tools/scripts/test.mjs sets RIGHTSFLOW_TEST_TIER=soak for the second.
const SOAK = /\.soak\.spec\.ts$/.source;
const soakTier = process.env.RIGHTSFLOW_TEST_TIER === 'soak';

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['@swc/jest', require('./tools/jest/swc-options').swcOptions],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: pathsToModuleNameMapper(),
  testMatch: soakTier ? ['**/*.soak.spec.ts'] : ['**/?(*.)+(spec|test).ts'],
  testPathIgnorePatterns: soakTier ? ['/node_modules/'] : ['/node_modules/', SOAK],
  setupFiles: [require.resolve('./tools/jest/setup.js')],
};
