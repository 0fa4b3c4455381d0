import type { Connection } from 'mongoose';
import { advisorSchema } from './advisor.model';
import { conventionSchema } from './convention.model';
import { deliveryClaimSchema } from './delivery-claim.model';
import { directoryEntrySchema } from './directory-entry.model';
import { noticeFigureSchema } from './notice-figure.model';
import { notificationSchema } from './notification.model';
import { postEventSchema } from './post-event.model';
import { postFigureSchema } from './post-figure.model';
import { postSchema } from './post.model';
import { programmeSettingSchema } from './programme-setting.model';
import { structureSchema } from './structure.model';
import { trancheSchema } from './tranche.model';

/** Binds every model to one connection, so tests and processes each bring their own database. */
export function createModels(connection: Connection) {
  return {
    Structure: connection.model('Structure', structureSchema),
    Post: connection.model('Post', postSchema),
    Advisor: connection.model('Advisor', advisorSchema),
    Convention: connection.model('Convention', conventionSchema),
    Tranche: connection.model('Tranche', trancheSchema),
    Notification: connection.model('Notification', notificationSchema),
    DeliveryClaim: connection.model('DeliveryClaim', deliveryClaimSchema),
    PostEvent: connection.model('PostEvent', postEventSchema),
    PostFigure: connection.model('PostFigure', postFigureSchema),
    NoticeFigure: connection.model('NoticeFigure', noticeFigureSchema),
    ProgrammeSetting: connection.model('ProgrammeSetting', programmeSettingSchema),
    DirectoryEntry: connection.model('DirectoryEntry', directoryEntrySchema),
  };
}

export type Models = ReturnType<typeof createModels>;

/** Builds every index before the first write, so a unique key holds from the start. */
export async function syncModelIndexes(models: Models): Promise<void> {
  for (const model of Object.values(models)) await model.createIndexes();
}
