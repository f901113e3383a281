// SWC settings shared by Jest and the runtime loader: TypeScript with legacy
// decorators and emitted metadata, which Nest's dependency injection reads.
exports.swcOptions = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};
