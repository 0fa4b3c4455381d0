import type { Configuration } from 'webpack';

/**
 * A webpack hook that bundles the workflow with `post-rules-revision-gate.ts` replaced by
 * `ungated-rules-revision-gate.ts` (the latest revision's `patched()` forgotten), for the tests
 * that show what the gate protects.
 */
const ungatedGate = require.resolve('./ungated-rules-revision-gate');
// webpack is the worker's own dependency: take the one it bundles with.
const webpack = require(require.resolve('webpack', { paths: [require.resolve('@temporalio/worker')] })) as typeof import('webpack');

export function withoutLatestRevisionGate(config: Configuration): Configuration {
  return {
    ...config,
    plugins: [...(config.plugins ?? []), new webpack.NormalModuleReplacementPlugin(/[\\/]post-rules-revision-gate$/, ungatedGate)],
  };
}
