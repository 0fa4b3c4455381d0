import { z } from 'zod';
import { departmentCodeSchema } from '../../domain/identity/department';

/**
 * The directory of addresses the programme writes to, kept by ANCT (issue 11): the prefecture
 * referents of each département, the programme mailboxes of ANCT and of the Banque des
 * Territoires, each training organisation's contact. A structure's address is not here: its
 * application gives it (`contact`), and CHANGE_CONTACT changes it.
 */
export const directoryKinds = ['prefecture', 'mailbox', 'training-org'] as const;
export type DirectoryKind = (typeof directoryKinds)[number];

export const programmeMailboxes = ['anct', 'bdt'] as const;

export const directoryRecipientSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  email: z.email().max(254),
});
export type DirectoryRecipient = z.infer<typeof directoryRecipientSchema>;

/** Several referents of one prefecture receive the same mail; ten is more than any has. */
export const directoryRecipientsSchema = z.array(directoryRecipientSchema).min(1).max(10);

/** What each kind's entries are keyed by: a département, a mailbox, a training organisation's id. */
export const directoryScopeSchemas = {
  prefecture: departmentCodeSchema,
  mailbox: z.enum(programmeMailboxes),
  'training-org': z.string().trim().min(1).max(100),
} satisfies Record<DirectoryKind, z.ZodType<string>>;

export function directoryEntryId(kind: DirectoryKind, scope: string): string {
  return `${kind}:${scope}`;
}

/** The entry's name in a French sentence: « la préfecture du 971 », « la boîte de l’ANCT ». */
export function directoryEntryLabel(kind: DirectoryKind, scope: string): string {
  switch (kind) {
    case 'prefecture':
      return `la préfecture du ${scope}`;
    case 'mailbox':
      return scope === 'anct' ? 'la boîte du programme à l’ANCT' : 'la boîte du programme à la Banque des Territoires';
    case 'training-org':
      return `l’organisme de formation ${scope}`;
  }
}
