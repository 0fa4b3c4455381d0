// Two projects: unit tests run pure code with no server; integration tests get real Temporal and
// MongoDB-compatible servers, started once by the global setup on free loopback ports.
const transform = { '^.+\\.[jt]s$': ['@swc/jest', { jsc: { target: 'es2022' } }] };
// jose v6, openid-client 6 and its oauth4webapi ship ES modules only: jest (CommonJS) compiles them
// like our own code (the local provider, oidc-provider, runs in a process of its own, not in jest).
const transformIgnorePatterns = ['/node_modules/(?!(jose|openid-client|oauth4webapi)/)'];

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
