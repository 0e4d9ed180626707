/** A new outbox entry as a scan makes it: pending, due now or later, not yet tried or claimed. */
import type { IsoInstant } from '../domain/types';
import type { Delivery } from '../storage/store';

export type DeliveryDraft = Pick<Delivery, 'key' | 'kind' | 'ref' | 'target' | 'dueAt'> & { readonly payload: object };

export function pendingDelivery(draft: DeliveryDraft, now: IsoInstant): Delivery {
  return {
    ...draft,
    payload: { ...draft.payload },
    state: 'pending',
    attempts: 0,
    nextAttemptAt: now,
    claimedBy: null,
    claimedUntil: null,
    activityId: null,
    lastError: null,
    updatedAt: now,
  };
}
