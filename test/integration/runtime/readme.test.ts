import fs from 'node:fs';
import path from 'node:path';
import { configVariables } from '../../../config/config';

const readme = fs.readFileSync(path.resolve(__dirname, '../../../README.md'), 'utf8');

describe('README', () => {
  it('gives the two commands: one runs the product, one runs the tests', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm ci && npm test');
  });

  it.each(configVariables)('documents the environment variable %s', (name) => {
    expect(readme).toMatch(new RegExp(`\\b${name}\\b`));
  });
});
