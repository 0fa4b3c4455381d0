import { LATEST_POST_RULES_REVISION } from '../../../domain/lifecycle/post-rules-revision';
import type { PostEventType } from '../../../domain/lifecycle/post-events';
import { replayPostTimeline, type TimelineEntry } from '../../../domain/lifecycle/replay-post-timeline';
import { decideApplication, decidePostEvent } from '../../../domain/lifecycle/decide-post-event';
import type { StoredPostSnapshot } from '../../../domain/lifecycle/post-snapshot';
import { sampleEvents, senderOf } from '../../support/post-sample-events';

/** RULES.md §6: an auditor replays a post's recorded history with today's code. */
function record(types: PostEventType[]): TimelineEntry[] {
  let snapshot: StoredPostSnapshot | null = null;
  return types.map((type, i) => {
    const actor = senderOf(type);
    const decision = snapshot ? decidePostEvent(snapshot, actor, sampleEvents[type], LATEST_POST_RULES_REVISION)
      : decideApplication('p', actor, sampleEvents[type], LATEST_POST_RULES_REVISION);
    if (!decision.accepted) throw new Error(`${type} refused while recording`);
    snapshot = decision.snapshot;
    return { version: i + 1, actor, payload: sampleEvents[type], rulesRevision: LATEST_POST_RULES_REVISION, statusBefore: decision.statusBefore, status: decision.status };
  });
}

const timeline = record(['SUBMIT_APPLICATION', 'GIVE_PREFECTURE_OPINION', 'COMMITTEE_DECISION', 'VALIDATE_CANDIDATE']);

describe('replaying a recorded timeline (RULES.md §6)', () => {
  it('reaches the same states as recorded', () => {
    expect(replayPostTimeline('p', timeline)).toEqual({ consistent: true, replayedEvents: 4, finalStatus: 'onboarding', divergences: [] });
  });

  it('names the event whose recorded status today’s rules do not reach', () => {
    const altered = timeline.map((e) => (e.version === 3 ? { ...e, status: 'rejected' as const } : e));
    expect(replayPostTimeline('p', altered)).toMatchObject({
      consistent: false,
      divergences: [{ version: 3, recorded: 'rejected', replayed: 'recruiting' }],
    });
  });

  it('stops at an event today’s rules refuse, with the rule’s message', () => {
    const tampered = timeline.map((e) =>
      e.version === 4 ? { ...e, actor: { id: 'x', role: 'prefecture', department: '971' } as const } : e,
    );
    const replay = replayPostTimeline('p', tampered);
    expect(replay.consistent).toBe(false);
    expect(replay.divergences[0]).toMatchObject({ version: 4, replayed: 'refused', reason: expect.stringContaining('prefecture') });
  });
});
