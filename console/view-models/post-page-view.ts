import type { BusinessDate } from '../../domain/calendar/business-date';
import type { StaffEventType } from '../../domain/lifecycle/post-events';
import { CONTRACT_TYPE_LABELS, type ContractType, STRUCTURE_KIND_LABELS, type StructureKind } from '../../domain/policies/policy';
import type { PostResource } from '../../api/post-api-schemas';
import type { NotificationResource } from '../../api/notification-resource';
import type { HistoryEntry } from '../../api/post-timeline';
import { type BadgeType, deadlineLabel, deliveryLabel, eventLabel, policyLabel, roleLabel, statusLabel, trancheStatusLabel } from './console-labels';
import { type EventForm, eventForm, type FormState } from './event-form';
import { fieldText } from './event-field-texts';
import { frenchEuros } from '../../domain/text/french-format';
import { daysLeft, frenchDateOf, frenchInstant } from './french-format';

/** A rendered action form's state: its idempotency key (one per rendering), and what a refusal said. */
export interface ActionFormState extends FormState {
  key: string;
  /** The rule's message, shown at the top of the form. */
  refusal?: { code: string; message: string } | null;
}

export interface PostPageInput {
  post: PostResource;
  history: HistoryEntry[];
  notifications: (NotificationResource & { deliveryState?: string | null })[];
  /** What the person may send now; null when the workflow could not be asked. */
  allowedEvents: StaffEventType[] | null;
  forms: Partial<Record<StaffEventType, ActionFormState>>;
  newKey: () => string;
  contacts: string[];
  today: BusinessDate;
  /** The action just done, to confirm it at the top of the page. */
  done: StaffEventType | null;
  auditHref: string | null;
  actionHref: (type: StaffEventType) => string;
  postHref: (id: string) => string;
}

const DATE_FIELD = /(On|From|To|Deadline)$|^(from|to|on)$/;

/** A payload value as staff read it: French dates and amounts, the labels of enumerations. */
function payloadValue(type: string, path: string, value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) return value.map((v) => payloadValue(type, path, v)).join(', ');
  if (typeof value === 'boolean') return value ? 'oui' : 'non';
  if (typeof value === 'number' && path.endsWith('Cents')) return frenchEuros(value);
  if (typeof value === 'string' && DATE_FIELD.test(path.split('.').pop()!) && /^\d{4}-\d{2}-\d{2}$/.test(value)) return frenchDateOf(value);
  if (typeof value === 'object') return Object.entries(value).map(([k, v]) => `${payloadLabel(type, `${path}.${k}`)} : ${payloadValue(type, `${path}.${k}`, v)}`).join(' ; ');
  return fieldText(type, path).options?.[String(value)] ?? String(value);
}

function payloadLabel(type: string, path: string): string {
  return fieldText(type, path).label;
}

function payloadDetails(type: string, payload: Record<string, unknown> | null): { label: string; value: string }[] {
  return Object.entries(payload ?? {})
    .filter(([key]) => key !== 'type')
    .map(([key, value]) => ({ label: payloadLabel(type, key), value: payloadValue(type, key, value) }));
}

function who(actor: HistoryEntry['actor']): string {
  const scope = actor.siret ?? actor.department ?? actor.trainingOrgId;
  const role = roleLabel(actor.role);
  if (actor.role === 'system') return role;
  return `${actor.id} (${role}${scope ? ` ${scope}` : ''})`;
}

export interface TimelineEntryView {
  at: string;
  accepted: boolean;
  what: string;
  who: string;
  from: { label: string; badge: BadgeType } | null;
  to: { label: string; badge: BadgeType } | null;
  refusal: { code: string; message: string } | null;
  details: { label: string; value: string }[];
}

export function timelineView(history: HistoryEntry[]): TimelineEntryView[] {
  return history.map((entry) => ({
    at: frenchInstant(entry.receivedAt),
    accepted: entry.outcome === 'accepted',
    what: eventLabel(entry.type),
    who: who(entry.actor),
    from: entry.statusBefore ? statusLabel(entry.statusBefore) : null,
    to: entry.outcome === 'accepted' && entry.status ? statusLabel(entry.status) : null,
    refusal: entry.refusal ? { code: entry.refusal.code, message: entry.refusal.message } : null,
    details: payloadDetails(entry.type, entry.payload),
  }));
}

export function postPageView(input: PostPageInput) {
  const { post, today } = input;
  const forms: (EventForm & { action: string; key: string; refusal: { code: string; message: string } | null; errorCount: number })[] = (input.allowedEvents ?? []).map((type) => {
    const state = input.forms[type];
    const errors = state?.errors ?? {};
    return {
      ...eventForm(type, state),
      action: input.actionHref(type),
      key: state?.key ?? input.newKey(),
      refusal: state?.refusal ?? null,
      errorCount: Object.keys(errors).length,
    };
  });
  const structureKind = STRUCTURE_KIND_LABELS[post.structure.kind as StructureKind] ?? post.structure.kind;
  return {
    id: post.id,
    name: post.structure.name,
    status: statusLabel(post.status),
    policy: policyLabel(post.policy),
    done: input.done ? eventLabel(input.done) : null,
    auditHref: input.auditHref,
    structure: {
      name: post.structure.name,
      siret: post.structure.siret,
      kind: structureKind.charAt(0).toUpperCase() + structureKind.slice(1),
      sector: post.structure.sector === 'public' ? 'Public' : 'Privé',
      department: post.structure.department,
      contacts: input.contacts,
    },
    advisor: post.advisor ? { name: `${post.advisor.firstName} ${post.advisor.lastName}`, email: post.advisor.email } : null,
    trainingOrgId: post.trainingOrgId,
    deadlines: [...post.deadlines]
      .sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0))
      .map((d) => {
        const left = daysLeft(today, d.dueOn);
        return { label: deadlineLabel(d.kind), date: frenchDateOf(d.dueOn), daysLeft: left.text, overdue: left.days < 0 };
      }),
    contract: post.contract
      ? {
          type: CONTRACT_TYPE_LABELS[post.contract.contractType as ContractType] ?? post.contract.contractType,
          signedOn: frenchDateOf(post.contract.signedOn),
          startsOn: frenchDateOf(post.contract.startsOn),
          endsOn: post.contract.endsOn ? frenchDateOf(post.contract.endsOn) : null,
          otherAid: post.contract.otherAidCents ? frenchEuros(post.contract.otherAidCents) : null,
          transmittedOn: post.contract.transmittedOn ? frenchDateOf(post.contract.transmittedOn) : null,
        }
      : null,
    convention: post.convention
      ? {
          amount: frenchEuros(post.convention.amountCents),
          months: post.convention.months,
          signedOn: frenchDateOf(post.convention.signedOn),
          endsOn: frenchDateOf(post.convention.endsOn),
          period: post.convention.period,
        }
      : null,
    tranches: post.tranches.map((t) => ({
      number: t.number,
      percent: t.percent,
      amount: frenchEuros(t.amountCents),
      dueOn: frenchDateOf(t.dueOn),
      status: trancheStatusLabel(t, post.deadlines.map((d) => d.kind)),
      paidOn: t.paidOn ? frenchDateOf(t.paidOn) : null,
    })),
    absence: post.absence ? { kind: fieldText('DECLARE_ABSENCE', 'kind').options?.[post.absence.kind] ?? post.absence.kind, from: frenchDateOf(post.absence.from), to: frenchDateOf(post.absence.to) } : null,
    // Rules revision 3 (RULES.md §4): a transfer links the post it came from and the one it became.
    transfer: {
      from: post.transferredFrom ? { id: post.transferredFrom, href: input.postHref(post.transferredFrom) } : null,
      to: post.transferredTo ? { id: post.transferredTo, href: input.postHref(post.transferredTo) } : null,
    },
    outcome: post.outcome ? { status: statusLabel(post.outcome.kind), on: post.outcome.on ? frenchDateOf(post.outcome.on) : null, reason: post.outcome.reason } : null,
    actionsUnavailable: input.allowedEvents === null,
    forms,
    timeline: timelineView(input.history),
    notifications: input.notifications.map((n) => ({
      at: frenchInstant(n.createdAt),
      recipient: `${roleLabel(n.recipientRole)}${n.recipientScope ? ` ${n.recipientScope}` : ''}`,
      subject: n.subject,
      body: n.body,
      dueOn: n.dueOn ? frenchDateOf(n.dueOn) : null,
      delivery: deliveryLabel(n.deliveryState ?? null),
    })),
  };
}

export type PostPageView = ReturnType<typeof postPageView>;
