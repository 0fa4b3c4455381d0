import type { OutboxRow, OutboxStore } from '../../mail/delivery/outbox-store';

/** Claims `key` as a delivery attempt does, failing the test when the row is not given to it. */
export async function claimedRow(outbox: OutboxStore, key: string): Promise<OutboxRow> {
  const claim = await outbox.claim(key);
  if (claim.state !== 'claimed') throw new Error(`the row ${key} was not claimed: ${claim.state}`);
  return claim.row;
}
