// Root Jest entry: every app and lib with its own jest.config.js takes part.
const fs = require('node:fs');
const path = require('node:path');

const projects = ['apps', 'libs']
  .flatMap((dir) =>
    fs
      .readdirSync(path.join(__dirname, dir), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => path.join(__dirname, dir, entry.name, 'jest.config.js'))
      .filter((file) => fs.existsSync(file)),
  )
  .concat(path.join(__dirname, 'infra', 'jest.config.js'));

// The default reporter, then a per-suite timing table (tools/jest/suite-timings.js).
module.exports = { projects, reporters: ['default', path.join(__dirname, 'tools', 'jest', 'suite-timings.js')] };
