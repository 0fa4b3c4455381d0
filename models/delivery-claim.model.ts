import { Schema } from 'mongoose';

/**
 * One attempt's hold on an outbox row (mail/delivery/outbox-store.ts `claim`): `<row key>#<n>` for
 * its n-th attempt. Taking a hold is inserting its document, which the unique `_id` lets one
 * attempt only do: FerretDB 1.24 updates a document by reading it and then writing it, so a
 * filtered update (« pending and not held ») let two attempts started together both take the row.
 */
export const deliveryClaimSchema = new Schema(
  {
    _id: { type: String, required: true },
    key: { type: String, required: true },
    /** Until when no other attempt may take the row; an attempt that ends early sets it to its end. */
    until: { type: String, required: true },
  },
  { collection: 'delivery_claims' },
);
