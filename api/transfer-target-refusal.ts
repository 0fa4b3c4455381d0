import type { Refusal } from '../domain/lifecycle/decide-post-event';
import type { PostEventType } from '../domain/lifecycle/post-events';
import { staffEventSchemas } from '../domain/lifecycle/post-events';
import { checkTransferTarget } from '../domain/lifecycle/transfer-target';
import type { Models } from '../models/create-models';

/**
 * RULES.md §4, TRANSFER_POST: the target must already be in the programme or have an application
 * awaiting validation. Only the read model knows the target's posts, so the API asks it before the
 * workflow decides; only where the transfer would otherwise be decided (right role, right state),
 * so that a refusal for the role or the state keeps coming first, and a repeated request is answered.
 */
export async function transferTargetRefusal(args: {
  models: Models;
  body: unknown;
  allowedEvents: () => Promise<readonly PostEventType[] | null>;
}): Promise<Refusal | null> {
  const parsed = staffEventSchemas.TRANSFER_POST.safeParse(args.body);
  if (!parsed.success) return null;
  const allowed = await args.allowedEvents();
  if (!allowed?.includes('TRANSFER_POST')) return null;
  const target = parsed.data.targetStructure;
  const posts = await args.models.Post.find({ siret: target.siret }, { status: 1 }).lean<{ status: string }[]>();
  const check = checkTransferTarget(target, posts.map((p) => p.status));
  return check.ok ? null : { kind: 'not_allowed', code: check.code, message: check.message, allowedEvents: [...allowed] };
}
