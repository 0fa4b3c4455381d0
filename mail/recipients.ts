import type { StaffRole } from '../domain/lifecycle/actor';
import type { Advisor, Contact } from '../domain/lifecycle/post-events';
import type { NotificationTopic } from '../domain/lifecycle/post-notification-topics';
import { type DirectoryKind, directoryEntryId, directoryEntryLabel } from './directory/directory-entry';

/**
 * Who receives an outbox row by email (issue 11). Each row names a role and its scope (RULES.md
 * §5); this says where that role's address is kept, and builds the mail's recipients from what the
 * adapters found there. A row without an address is not lost: it becomes `no_recipient`, with the
 * reason said in French for ANCT, who lists them.
 */

export interface MailAddress {
  name: string | null;
  email: string;
}

export type AddressSource =
  /** The structure's contact: its post's, or another application's of the same SIRET (a transfer's target). */
  | { kind: 'structure'; siret: string }
  | { kind: 'directory'; entryId: string; directoryKind: DirectoryKind; scope: string }
  | { kind: 'none'; reason: string };

export function addressSourceOf(row: { recipientRole: StaffRole; recipientScope: string | null }): AddressSource {
  const { recipientRole: role, recipientScope: scope } = row;
  const directory = (directoryKind: DirectoryKind, entryScope: string): AddressSource => ({
    kind: 'directory',
    entryId: directoryEntryId(directoryKind, entryScope),
    directoryKind,
    scope: entryScope,
  });
  switch (role) {
    case 'structure':
      return scope ? { kind: 'structure', siret: scope } : { kind: 'none', reason: 'Aucune structure n’est désignée pour cet avis.' };
    case 'prefecture':
      return scope ? directory('prefecture', scope) : { kind: 'none', reason: 'Aucun département n’est désigné pour cet avis.' };
    case 'anct':
    case 'bdt':
      return directory('mailbox', role);
    case 'training_org':
      return scope ? directory('training-org', scope) : { kind: 'none', reason: 'Aucun organisme de formation n’est connu pour ce poste.' };
    case 'auditor':
      return { kind: 'none', reason: 'Le contrôle ne reçoit pas d’avis : il consulte les postes.' };
  }
}

/**
 * Notices about the advisor in person, whom the structure's mail then has in copy: their training
 * that has not started, their contract that ends. The address is the one VALIDATE_CANDIDATE gave.
 */
export const advisorInCopy: ReadonlySet<NotificationTopic> = new Set<NotificationTopic>([
  'training-not-started',
  'contract-end-reminder',
  'contract-ended',
]);

/** What the adapters found at the row's address source. */
export interface FoundAddresses {
  structureContact?: Contact | null;
  directoryRecipients?: MailAddress[] | null;
  /** The post's advisor, for the topics of `advisorInCopy`. */
  advisor?: Advisor | null;
}

export type Recipients = { ok: true; to: MailAddress[]; cc: MailAddress[] } | { ok: false; reason: string };

export function recipientsOf(
  row: { topic: string; recipientRole: StaffRole },
  source: AddressSource,
  found: FoundAddresses,
): Recipients {
  let to: MailAddress[];
  switch (source.kind) {
    case 'none':
      return { ok: false, reason: source.reason };
    case 'structure':
      if (!found.structureContact) {
        return {
          ok: false,
          reason: `Aucune adresse pour la structure ${source.siret} : sa candidature ne donnait pas de contact (l’événement CHANGE_CONTACT le donne).`,
        };
      }
      to = [{ name: found.structureContact.name, email: found.structureContact.email }];
      break;
    case 'directory':
      if (!found.directoryRecipients?.length) {
        return {
          ok: false,
          reason: `Aucune adresse pour ${directoryEntryLabel(source.directoryKind, source.scope)} dans l’annuaire (PUT /api/v1/directory/${source.directoryKind}/${source.scope}).`,
        };
      }
      to = found.directoryRecipients;
      break;
  }
  const advisor = found.advisor;
  const copyAdvisor =
    row.recipientRole === 'structure' && advisorInCopy.has(row.topic as NotificationTopic) && advisor && !sameAddress(to, advisor.email);
  return { ok: true, to, cc: copyAdvisor ? [{ name: `${advisor.firstName} ${advisor.lastName}`, email: advisor.email }] : [] };
}

function sameAddress(addresses: MailAddress[], email: string): boolean {
  return addresses.some((a) => a.email.toLowerCase() === email.toLowerCase());
}
