import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../config/config';

describe('WORKFLOW_BUNDLE_PATH', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnum-bundle-path-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is optional: the worker then finds or builds the bundle itself', () => {
    expect(loadConfig({}).WORKFLOW_BUNDLE_PATH).toBeUndefined();
  });

  it('names an existing .js file, and a bad value stops the process naming the variable', () => {
    const bundle = path.join(dir, 'post-workflows.bundle.js');
    fs.writeFileSync(bundle, '');
    expect(loadConfig({ WORKFLOW_BUNDLE_PATH: bundle }).WORKFLOW_BUNDLE_PATH).toBe(bundle);
    expect(() => loadConfig({ WORKFLOW_BUNDLE_PATH: path.join(dir, 'missing.js') })).toThrow(/WORKFLOW_BUNDLE_PATH: an existing file, built by `npm run build:workflows`/);
    expect(() => loadConfig({ WORKFLOW_BUNDLE_PATH: dir })).toThrow(/WORKFLOW_BUNDLE_PATH: the \.js file/);
  });
});
