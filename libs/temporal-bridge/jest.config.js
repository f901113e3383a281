module.exports = { displayName: 'temporal-bridge', preset: '../../jest.preset.js', rootDir: '.' };
