import { CancellationScope, patched } from '@temporalio/workflow';

/** docs/workflow-versioning.md: runs recorded before it cancel their effects with the run. */
export const UNCANCELLABLE_EFFECTS_PATCH = 'uncancellable-effects';

/** Runs one of a change's effects: an activity call, given as a function that makes it. */
export type EffectRunner = <T>(effect: () => Promise<T>) => Promise<T>;

/**
 * Called once per run, inside the workflow: the runner of its effects (the read model's write, the
 * outbox's rows, a delivery), all in one scope of the run that is not cancellable. The reason is
 * memory: an activity scheduled in a cancellable scope leaves, on that scope, a reaction that keeps
 * the activity's whole input while the scope lives, which for the run's root scope is the run's
 * whole stay in the worker's cache; a scope made per call would itself stay on the root's. One
 * scope for the run keeps neither (docs/worker-memory.md: 115.8 → 80.0 KiB of sandbox heap per
 * cached post). The effects of an accepted transition have no reason to be cancelled anyway.
 * A run replayed from a history older than the marker schedules its effects as it did.
 */
export function uncancellableEffects(): EffectRunner {
  let scope: CancellationScope | null = null;
  return (effect) => {
    if (!patched(UNCANCELLABLE_EFFECTS_PATCH)) return effect();
    scope ??= new CancellationScope({ cancellable: false });
    return scope.run(effect);
  };
}
