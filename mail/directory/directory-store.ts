import type { Actor } from '../../domain/lifecycle/actor';
import type { Models } from '../../models/create-models';
import { type DirectoryKind, type DirectoryRecipient, directoryEntryId } from './directory-entry';

interface StoredChange {
  change: 'set' | 'removed';
  at: string;
  by: { id: string; role: string };
  recipients: DirectoryRecipient[];
}

export interface DirectoryEntry {
  kind: DirectoryKind;
  scope: string;
  recipients: DirectoryRecipient[];
  changedAt: string;
  changedBy: { id: string; role: string };
  changes: StoredChange[];
}

interface StoredEntry extends DirectoryEntry {
  _id: string;
}

const sameRecipients = (a: DirectoryRecipient[], b: DirectoryRecipient[]) =>
  a.length === b.length && a.every((r, i) => r.name === b[i]!.name && r.email.toLowerCase() === b[i]!.email.toLowerCase());

const entryOf = ({ kind, scope, recipients, changedAt, changedBy, changes }: StoredEntry): DirectoryEntry => ({
  kind,
  scope,
  recipients: recipients.map(({ name, email }) => ({ name, email })),
  changedAt,
  changedBy: { id: changedBy.id, role: changedBy.role },
  changes: changes.map(({ change, at, by, recipients: r }) => ({ change, at, by: { id: by.id, role: by.role }, recipients: r.map(({ name, email }) => ({ name, email })) })),
});

/**
 * The directory of addresses in MongoDB: one document per entry, its history inside it, each
 * change written with who made it in the same single-document update. Saying again what an entry
 * already holds records nothing.
 */
export function createDirectoryStore(models: Models) {
  const { DirectoryEntry } = models;

  async function find(kind: DirectoryKind, scope: string): Promise<DirectoryEntry | null> {
    const stored = await DirectoryEntry.findById(directoryEntryId(kind, scope)).lean<StoredEntry>();
    return stored ? entryOf(stored) : null;
  }

  /** The addresses of an entry by its id, for delivery; null when unknown or removed. */
  async function recipientsOf(entryId: string): Promise<DirectoryRecipient[] | null> {
    const stored = await DirectoryEntry.findById(entryId, { recipients: 1 }).lean<Pick<StoredEntry, 'recipients'>>();
    return stored?.recipients.length ? stored.recipients.map(({ name, email }) => ({ name, email })) : null;
  }

  async function list(kind?: DirectoryKind): Promise<DirectoryEntry[]> {
    const stored = await DirectoryEntry.find(kind ? { kind } : {}).sort({ _id: 1 }).lean<StoredEntry[]>();
    return stored.map(entryOf);
  }

  async function write(kind: DirectoryKind, scope: string, change: 'set' | 'removed', recipients: DirectoryRecipient[], actor: Actor) {
    const at = new Date().toISOString();
    const by = { id: actor.id, role: actor.role };
    await DirectoryEntry.updateOne(
      { _id: directoryEntryId(kind, scope) },
      { $set: { kind, scope, recipients, changedAt: at, changedBy: by }, $push: { changes: { change, at, by, recipients } } },
      { upsert: true, runValidators: true },
    );
  }

  /** Sets an entry's addresses; `created` when the entry did not exist. */
  async function set(kind: DirectoryKind, scope: string, recipients: DirectoryRecipient[], actor: Actor): Promise<{ entry: DirectoryEntry; created: boolean }> {
    const before = await find(kind, scope);
    if (!before || !sameRecipients(before.recipients, recipients)) await write(kind, scope, 'set', recipients, actor);
    return { entry: (await find(kind, scope))!, created: !before };
  }

  /** Empties an entry, keeping its history: its notices are `no_recipient` until it is set again. */
  async function remove(kind: DirectoryKind, scope: string, actor: Actor): Promise<DirectoryEntry | null> {
    const before = await find(kind, scope);
    if (!before) return null;
    if (before.recipients.length > 0) await write(kind, scope, 'removed', [], actor);
    return find(kind, scope);
  }

  return { find, recipientsOf, list, set, remove };
}

export type DirectoryStore = ReturnType<typeof createDirectoryStore>;
