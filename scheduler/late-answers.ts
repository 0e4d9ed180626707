/**
 * Sends answered after the sender stopped waiting. A send that times out is retried, but the
 * connector may still take the first request and answer it late, which would leave the reminder
 * in the chat twice: the Bot Connector has no idempotency key for a send, and no way to list a
 * chat's messages to look first. So the timed-out request is watched, and when its answer comes:
 * - before the retry went out: the delivery is recorded as sent with it, and not sent again;
 * - while the retry is being sent: that send takes the answer (see take()) and withdraws its own message;
 * - after the retry was recorded: the late message is withdrawn (deleted from the chat).
 * Either way the person is left with one reminder. An answer that comes after the process ended
 * cannot be seen; that duplicate stays (dispatcher.ts explains the in-doubt case of a crash).
 */
import type { Logger } from '../domain/logger';
import type { ConversationRef, Delivery, Store } from '../storage/store';
import type { MessageSender, SentMessage } from './message-sender';

const IN_FLIGHT = 'inFlightSince';

export class LateAnswers {
  private readonly arrived = new Map<string, { message: SentMessage; via: ConversationRef | null }>();
  private readonly sending = new Set<string>();

  constructor(private readonly o: { store: Store; sender: MessageSender; logger: Logger }) {}

  /** Watches a timed-out request of this delivery for an answer that comes after all. */
  watch(d: Delivery, answer: Promise<SentMessage>, via: ConversationRef | null): void {
    answer.then(
      (message) => {
        this.arrived.set(d.key, { message, via });
        if (!this.sending.has(d.key)) void this.record(d);
      },
      () => undefined, // it failed after all: the retry stands
    );
  }

  /** Runs a send of this delivery; a late answer arriving meanwhile is left for it to take. */
  async whileSending<T>(d: Delivery, work: () => Promise<T>): Promise<T> {
    this.sending.add(d.key);
    try {
      return await work();
    } finally {
      this.sending.delete(d.key);
      if (this.arrived.has(d.key)) void this.record(d);
    }
  }

  /** The late answer of this delivery's earlier request, if one came; it is then the send's to record. */
  take(key: string): SentMessage | undefined {
    const entry = this.arrived.get(key);
    this.arrived.delete(key);
    return entry?.message;
  }

  /** Deletes a message that duplicates one already recorded. */
  async withdraw(key: string, message: SentMessage, via: ConversationRef | null): Promise<void> {
    try {
      await this.o.sender.withdraw(message, via);
      this.o.logger.info('a duplicate reminder was withdrawn', { key, activityId: message.activityId });
    } catch (e) {
      this.o.logger.warn('a duplicate reminder could not be withdrawn', {
        key,
        activityId: message.activityId,
        error: String((e as Error)?.message ?? e),
      });
    }
  }

  private async record(d: Delivery): Promise<void> {
    const entry = this.arrived.get(d.key);
    if (!entry) return;
    const { message, via } = entry;
    try {
      const now = (await this.o.store.listDeliveries({ ref: d.ref })).find((x) => x.key === d.key);
      if (this.arrived.get(d.key) !== entry) return; // a send of this delivery took it meanwhile
      if (now?.state === 'sent' && now.activityId !== message.activityId) await this.withdraw(d.key, message, via);
      if (!now || now.state === 'sent') {
        this.arrived.delete(d.key);
        return;
      }
      const { [IN_FLIGHT]: _inFlight, ...payload } = now.payload;
      await this.o.store.updateDelivery(d.key, {
        state: 'sent',
        activityId: message.activityId,
        lastError: null,
        claimedBy: null,
        claimedUntil: null,
        payload,
      });
      // Kept: a retry this process already claimed, queued behind other sends, takes it instead of sending.
      return;
    } catch (e) {
      this.o.logger.warn('a late answer to a send could not be recorded', {
        key: d.key,
        error: String((e as Error)?.message ?? e),
      });
    }
    if (this.arrived.get(d.key) === entry) this.arrived.delete(d.key);
  }
}
