// Two projects: unit tests run pure code with no server; integration tests get real Temporal and
// MongoDB-compatible servers, started once by the global setup on free loopback ports.
const transform = { '^.+\\.[jt]s$': ['@swc/jest', { jsc: { target: 'es2022' } }] };
// jose v6 ships ES modules only: jest (CommonJS) compiles it like our own code.
const transformIgnorePatterns = ['/node_modules/(?!jose/)'];

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/setup/integration-timeout.ts'],
      slowTestThreshold: 30,
    },
  ],
};
