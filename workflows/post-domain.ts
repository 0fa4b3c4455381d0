import type * as PostDomainValues from './post-domain-values';

/**
 * The domain as the workflows see it, one instance for every workflow of the worker
 * (docs/worker-memory.md). In the SDK's reusable V8 context, each workflow evaluates every module
 * it imports anew: the zod schemas, the XState machine and the policy tables, built again for each
 * cached post, were most of what a post cost. This module is preloaded by the bundle
 * (runtime/post-workflow-bundle.ts), so it is shared; its first call loads the domain and keeps it
 * here for all the workflows that follow.
 *
 * Kept in this closure, not preloaded itself: the SDK deep-freezes every preloaded module's
 * exports, and zod builds its schemas' methods and parsers on first use, on the schema, which a
 * frozen schema refuses. Sharing is sound because the domain is pure: functions of their
 * arguments, no state of a post, no `@temporalio/workflow`, the same answers whatever workflow
 * asks first. The other modules of workflows/ import only types from domain/
 * (test/unit/runtime/post-domain-imports.test.ts).
 */
let shared: typeof PostDomainValues | undefined;

export function postDomain(): typeof PostDomainValues {
  // Required on the first call, not imported: an import would preload the domain, and freeze it.
  shared ??= require('./post-domain-values') as typeof PostDomainValues;
  return shared;
}
