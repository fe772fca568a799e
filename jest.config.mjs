// Jest 30 + ts-jest in ESM mode (Nest 12 is ESM-only). Type checking is `npm run typecheck`,
// so ts-jest only transpiles (isolatedModules in tsconfig).
//
// Projects that mirror the repository: the library's unit specs (beside its code) and e2e suites
// (test/lib), the demo's unit specs and e2e suites (test/app), and the checks of the security
// documents against the code and tests (test/docs).
//   npm run test:lib      # the library alone
//   npm run test:app      # the demo alone
//   npm run test:docs     # the documents (security mapping, READMEs)
const tsJest = ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.json' }];
const common = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^nestjs-api-tokens$': '<rootDir>/libs/api-tokens/src/index.ts',
    '^nestjs-api-tokens/(testing|swagger|redis)$': '<rootDir>/libs/api-tokens/src/$1/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: { '^.+\\.ts$': tsJest },
  testEnvironment: 'node',
};
export default {
  rootDir: '.',
  // Global on purpose: Jest ignores testTimeout inside `projects`.
  testTimeout: 60000,
  projects: [
    { ...common, displayName: 'lib-unit', testMatch: ['<rootDir>/libs/**/*.spec.ts'] },
    { ...common, displayName: 'lib-e2e', testMatch: ['<rootDir>/test/lib/**/*.e2e-spec.ts'] },
    { ...common, displayName: 'app-unit', testMatch: ['<rootDir>/apps/**/*.spec.ts'] },
    { ...common, displayName: 'app-e2e', testMatch: ['<rootDir>/test/app/**/*.e2e-spec.ts'] },
    // The documents against the repository: the ASVS mapping's cited tests, the READMEs' paths and tables.
    { ...common, displayName: 'docs', testMatch: ['<rootDir>/test/docs/**/*.spec.ts'] },
  ],
};
