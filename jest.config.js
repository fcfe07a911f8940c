// One jest run covers unit specs beside the code and the suites in test/.
const swc = JSON.parse(require('fs').readFileSync(`${__dirname}/.swcrc`, 'utf8'));
delete swc.exclude;
swc.swcrc = false;
swc.jsc.baseUrl = __dirname;

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e.ts', '**/*.test.ts'],
  transform: { '^.+\\.(ts|js)$': ['@swc/jest', swc] },
  moduleNameMapper: {
    '^@setia/([a-z-]+)$': '<rootDir>/libs/$1/src',
  },
  testTimeout: 30000,
};
