import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { type RequestHandler, Router } from 'express';
import type { HabilitationStore } from '../auth/habilitations/habilitation-store';
import { createOutboxStore } from '../mail/delivery/outbox-store';
import type { Models } from '../models/create-models';
import { notificationResendWorkflow } from '../workflows/notification-resend.workflow';
import { actorOf, requireHabilitation } from './authenticate';
import { listNotificationsQuerySchema, notificationKeyParamsSchema } from './mail-api-schemas';
import { toNotificationResource } from './notification-resource';
import { translate } from './post-workflow-client';
import { ProblemError } from './problem-details';
import { parseQuery, requireRole } from './route-checks';

export interface NotificationsRouterDeps {
  models: Models;
  temporal: Client;
  /** The post workflows' task queue; the resend workflow runs there, its activity on the mail queue. */
  taskQueue: string;
  authenticate: RequestHandler;
  habilitations: HabilitationStore;
}

function notFound(key: string): ProblemError {
  return new ProblemError(404, 'notification.not_found', 'Notification introuvable', `Aucune notification n’a la clé ${key}.`);
}

/**
 * ANCT's follow-up of the email delivery (issue 11): the notifications still on their way, refused
 * or without an address, and the resend of one that reached no one, once its address is fixed.
 */
export function notificationsRouter({ models, temporal, taskQueue, authenticate, habilitations }: NotificationsRouterDeps): Router {
  const router = Router();
  const outbox = createOutboxStore(models);
  router.use(authenticate, requireHabilitation(habilitations));

  router.get('/', async (req, res) => {
    requireRole(actorOf(res), ['anct'], 'suivre l’envoi des notifications');
    const { delivery, page, pageSize } = parseQuery(listNotificationsQuerySchema, req);
    const { rows, total } = await outbox.list(delivery, page, pageSize);
    res.json({ items: rows.map(toNotificationResource), page, pageSize, total });
  });

  router.post('/:key/resend', async (req, res) => {
    const actor = actorOf(res);
    requireRole(actor, ['anct'], 'renvoyer une notification');
    const parsed = notificationKeyParamsSchema.safeParse(req.params);
    if (!parsed.success) throw notFound(String(req.params.key));
    const { key } = parsed.data;
    const before = await outbox.find(key);
    if (!before) throw notFound(key);
    const reopened = await outbox.reopen(key, { id: actor.id, role: actor.role });
    if (!reopened) {
      const sent = before.delivery?.state === 'sent';
      throw new ProblemError(
        409,
        sent ? 'notification.already_sent' : 'notification.delivery_pending',
        sent ? 'Notification déjà envoyée' : 'Envoi en cours',
        sent
          ? `La notification a été remise au serveur de courriel le ${before.delivery!.sentAt} : une notification n’est jamais envoyée deux fois.`
          : 'La notification est en cours d’envoi, avec ses nouvelles tentatives : elle ne se renvoie qu’une fois refusée ou sans adresse.',
      );
    }
    try {
      await temporal.workflow.start(notificationResendWorkflow, {
        taskQueue,
        workflowId: `notification-resend:${key}:${reopened.delivery!.resends.length}`,
        args: [{ keys: [key] }],
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) {
        // Nothing will send it: the row goes back to where it was, and the caller may try again.
        await outbox.undoReopen(key, before.delivery ?? null);
        throw translate(key, error);
      }
    }
    res.status(202).json(toNotificationResource(reopened));
  });

  return router;
}
