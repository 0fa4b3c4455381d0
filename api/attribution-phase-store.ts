import type { Actor } from '../domain/lifecycle/actor';
import { ATTRIBUTION_PHASE_NEVER_SET } from '../domain/programme/attribution-phase';
import type { Models } from '../models/create-models';
import { isDuplicateKeyError } from '../models/duplicate-key-error';
import type { AttributionPhaseResource } from './programme-api-schemas';

const SETTING_ID = 'attribution-phase';

interface StoredSetting {
  open: boolean;
  reason?: string | null;
  changedBy: { id: string; role: string };
  changedAt: string;
  changes?: { open: boolean; reason?: string | null; changedBy: { id: string; role: string }; changedAt: string }[];
}

/** The attribution phase as MongoDB keeps it: one document, its changes inside it. */
export function createAttributionPhaseStore(models: Models) {
  async function read(): Promise<AttributionPhaseResource> {
    const stored = await models.ProgrammeSetting.findById(SETTING_ID).lean<StoredSetting>();
    if (!stored) return { ...ATTRIBUTION_PHASE_NEVER_SET, changes: [] };
    return {
      open: stored.open,
      reason: stored.reason ?? null,
      changedBy: stored.changedBy,
      changedAt: stored.changedAt,
      changes: (stored.changes ?? []).map((c) => ({ open: c.open, reason: c.reason ?? null, changedBy: c.changedBy, changedAt: c.changedAt })),
    };
  }

  /**
   * Opens or closes the phase, recording who and when in the same single-document write. Setting a
   * stored phase to what it already is records nothing: the filter misses and the upsert finds the
   * `_id` taken, also when two agents decide at once.
   */
  async function set(actor: Actor, open: boolean, reason: string | undefined): Promise<AttributionPhaseResource> {
    const change = { open, reason: reason ?? null, changedBy: { id: actor.id, role: actor.role }, changedAt: new Date().toISOString() };
    try {
      await models.ProgrammeSetting.updateOne(
        { _id: SETTING_ID, open: { $ne: open } },
        { $set: { open, reason: change.reason, changedBy: change.changedBy, changedAt: change.changedAt }, $push: { changes: change } },
        { upsert: true, runValidators: true },
      );
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    return read();
  }

  return { read, set };
}

export type AttributionPhaseStore = ReturnType<typeof createAttributionPhaseStore>;
