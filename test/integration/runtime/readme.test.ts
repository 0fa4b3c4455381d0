import fs from 'node:fs';
import path from 'node:path';
import { configVariables } from '../../../config/config';
import { devServerSearchAttributes } from '../../../runtime/post-search-attributes';

const readme = fs.readFileSync(path.resolve(__dirname, '../../../README.md'), 'utf8');

describe('README', () => {
  it('gives the two commands: one runs the product, one runs the tests', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm ci && npm test');
  });

  it.each(devServerSearchAttributes())('gives the command that registers the search attribute %s on an existing cluster', (spec) => {
    const [name, type] = spec.split('=');
    expect(readme).toMatch(new RegExp(`^temporal operator search-attribute create .*--namespace \\S+ --name ${name} --type ${type}$`, 'm'));
  });

  it.each(configVariables)('documents the environment variable %s', (name) => {
    expect(readme).toMatch(new RegExp(`\\b${name}\\b`));
  });
});
