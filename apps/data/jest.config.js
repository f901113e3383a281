module.exports = { displayName: 'data-app', preset: '../../jest.preset.js', rootDir: '.' };
