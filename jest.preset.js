// Shared Jest settings for every project: SWC transpiles TypeScript (with decorator
// metadata for Nest), and tsconfig path aliases map to library sources.
const { pathsToModuleNameMapper } = require('./tools/jest/paths');

// Test tiers, named by file suffix so a reader sees a file's tier:
//   *.spec.ts        `npm test`: unit, property, integration, browser journeys, hostile input
//   *.soak.spec.ts   `npm run test:soak`: scale and durability (minutes each)
// tools/scripts/test.mjs sets RIGHTSFLOW_TEST_TIER=soak for the second.
const SOAK = /\.soak\.spec\.ts$/.source;
const soakTier = process.env.RIGHTSFLOW_TEST_TIER === 'soak';

// Lanes of the test tier, which `npm test` runs side by side (one Jest worker each):
//   product  the suites that run the whole product in their own process (every
//            service and the workflow worker, often a browser): one at a time,
//            since two side by side starve two cores into timeouts;
//   rest     every other suite, beside them.
// RIGHTSFLOW_TEST_LANE unset: every suite. Matched against a test file's absolute path.
const PRODUCT_SUITES = /\/libs\/testing\/src\/journeys\/|\/apps\/orchestrator\/src\/|\/dsar\.lifecycle\.spec\.ts$/
  .source;
const lane = process.env.RIGHTSFLOW_TEST_LANE;
const outsideLane = { product: [`^(?!.*(${PRODUCT_SUITES}))`], rest: [PRODUCT_SUITES] }[lane] ?? [];

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['@swc/jest', require('./tools/jest/swc-options').swcOptions],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: pathsToModuleNameMapper(),
  testMatch: soakTier ? ['**/*.soak.spec.ts'] : ['**/?(*.)+(spec|test).ts'],
  testPathIgnorePatterns: [...(soakTier ? ['/node_modules/'] : ['/node_modules/', SOAK]), ...outsideLane],
  setupFiles: [require.resolve('./tools/jest/setup.js')],
};
