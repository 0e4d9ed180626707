/**
 * The scheduler's port to the chat platform: it says what to send and to whom, and reads the
 * outcome as a SendFailure kind. bot/teams-sender.ts implements it with the Bot Framework
 * connector; tests may give the scheduler another. Nothing here knows Teams' SDK.
 */
import type { ConversationRef } from '../storage/store';
import type { DeliveryTarget } from './reminder-scan';

/** How a send failed, which decides what the dispatcher does next. */
export type FailureKind = 'throttled' | 'transient' | 'gone' | 'rejected';

export class SendFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly status: number | null = null,
    /** A 429's Retry-After header as sent: seconds, or an HTTP date (see retryAfterMs). */
    readonly retryAfter: string | null = null,
  ) {
    super(message);
    this.name = 'SendFailure';
  }
}

/** A send the connector did not answer in time. Its request may still land: `answer` settles if it does. */
export class SendTimedOut extends SendFailure {
  constructor(
    message: string,
    readonly answer: Promise<SentMessage>,
  ) {
    super('transient', message);
  }
}

/** One outbox message: a sentence and a card, raising a notification when `alert` is set. */
export interface OutgoingMessage {
  readonly text: string;
  readonly card: object;
  /** Personal messages raise a notification in the person's Teams activity feed. */
  readonly alert: boolean;
}

export interface SentMessage {
  readonly activityId: string | null;
  readonly conversationId: string;
  /**
   * Set when a person could not be reached in personal chat and the message went to the
   * decision's conversation with an @mention of them instead: whom it mentions and why.
   */
  readonly fallback?: { readonly mentioned: string; readonly reason: string };
}

/** What the dispatcher needs from a sender. */
export interface MessageSender {
  /**
   * Sends the message to the target. `via` is a conversation in the same tenant (the decision's
   * home) whose serviceUrl, tenant and bot identity serve to create a personal chat when needed.
   */
  send(target: DeliveryTarget, message: OutgoingMessage, via: ConversationRef | null): Promise<SentMessage>;
  /** The conversation a target is reached in, when it is already known (rate limits are per conversation). */
  conversationOf(target: DeliveryTarget): Promise<string | null>;
  /** Deletes a message this sender sent (a duplicate); `via` as for send. */
  withdraw(message: SentMessage, via: ConversationRef | null): Promise<void>;
}

/** Retry-After in milliseconds: seconds, or an HTTP date. */
export function retryAfterMs(value: string | undefined | null, nowMs: number): number | null {
  if (value === undefined || value === null || value.trim() === '') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - nowMs);
}
