import { z } from 'zod';
import { directoryKinds, directoryRecipientSchema, directoryRecipientsSchema } from '../mail/directory/directory-entry';
import { notificationResourceSchema, queryNumber } from './post-api-schemas';

/**
 * The schemas of the email delivery's routes (issue 11): the notifications staff follow, and the
 * directory of addresses ANCT keeps. The routes parse with them and the OpenAPI document is
 * generated from them.
 */
export const NOTIFICATIONS_PATH = '/api/v1/notifications';
export const DIRECTORY_PATH = '/api/v1/directory';

/** The states ANCT follows: what is still on its way, and what waits for someone. */
export const followedDeliveryStates = ['pending', 'failed', 'no_recipient'] as const;

export const listNotificationsQuerySchema = z.strictObject({
  delivery: z.enum(followedDeliveryStates).meta({ description: 'pending : en cours d’envoi ; failed : refusée ou abandonnée ; no_recipient : sans adresse.' }),
  page: queryNumber(1, 100_000, 1, 'Page, à partir de 1 (défaut 1).'),
  pageSize: queryNumber(1, 100, 20, 'Taille de page, 1 à 100 (défaut 20).'),
});

export const notificationListSchema = z
  .object({
    items: z.array(notificationResourceSchema),
    page: z.number().int().min(1),
    pageSize: z.number().int().min(1),
    total: z.number().int().min(0),
  })
  .meta({ id: 'NotificationList', description: 'Les notifications d’un état d’envoi, les plus récentes d’abord.' });

export const notificationKeyParamsSchema = z.strictObject({
  key: z.string().min(1).max(500).meta({ description: 'La clé de la notification (`key`), encodée dans l’URL.' }),
});

const instant = z.string().meta({ format: 'date-time' });
const changedBy = z.object({ id: z.string(), role: z.string() }).meta({ id: 'DirectoryChangedBy' });
const recipient = directoryRecipientSchema.meta({ id: 'DirectoryRecipient' });

export const directoryEntryParamsSchema = z.strictObject({
  kind: z.enum(directoryKinds).meta({ description: 'prefecture (par département), mailbox (anct ou bdt), training-org (par identifiant d’organisme).' }),
  scope: z.string().min(1).max(100).meta({ description: 'Le code département, la boîte (anct, bdt) ou l’identifiant de l’organisme de formation.' }),
});

export const setDirectoryEntryBodySchema = z
  .strictObject({ recipients: directoryRecipientsSchema.meta({ description: 'Une à dix personnes ou boîtes, qui reçoivent chacune les avis.' }) })
  .meta({ id: 'SetDirectoryEntryRequest', description: 'Les adresses d’une entrée de l’annuaire (rôle anct).' });

export const directoryEntryResourceSchema = z
  .object({
    kind: z.enum(directoryKinds),
    scope: z.string(),
    label: z.string().meta({ description: 'L’entrée en français : « la préfecture du 971 »' }),
    recipients: z.array(recipient).meta({ description: 'Vide une fois l’entrée retirée : ses avis sont alors sans adresse.' }),
    changedAt: instant,
    changedBy,
    changes: z
      .array(z.object({ change: z.enum(['set', 'removed']), at: instant, by: changedBy, recipients: z.array(recipient) }))
      .meta({ description: 'Chaque changement, du plus ancien au plus récent, avec son auteur.' }),
  })
  .meta({ id: 'DirectoryEntry', description: 'Une entrée de l’annuaire des adresses du programme.' });

export const directoryListQuerySchema = z.strictObject({ kind: z.enum(directoryKinds).optional() });

export const directoryListSchema = z.object({ items: z.array(directoryEntryResourceSchema) }).meta({ id: 'DirectoryList' });
