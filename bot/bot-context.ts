/**
 * What every handler is given: the dependencies (store, profile, configuration, clock, logger,
 * the card publisher) and, per turn, who is acting and where.
 */
import type { TurnContext } from 'botbuilder';
import type { GovernanceProfile } from '../domain/profile';
import type { Actor } from '../domain/types';
import type { ConversationRef, RoleAssignment, Store } from '../storage/store';
import type { Logger } from '../domain/logger';
import type { Clock } from '../domain/clock';
import type { Metrics } from '../domain/metrics';
import type { CardPublisher } from './card-publisher';
import type { PeopleDirectory } from './people';
import type { DownloadLinks } from '../documents/download-token';

export type { Clock };

export const systemClock: Clock = { now: () => new Date() };

export interface BotDeps {
  readonly store: Store;
  readonly profile: GovernanceProfile;
  readonly admins: ReadonlySet<string>;
  readonly allowedTenants: ReadonlySet<string>;
  readonly botAppId: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Signed, expiring download links for exports (served by documents/http/export-routes.ts). */
  readonly downloads: DownloadLinks;
  /** IMPORT_FILE_HOSTS: where `import` may download an attached file from (bot/handlers/import-fetch.ts). */
  readonly importFileHosts: readonly string[];
  /** Both Teams ids of people (createBotApp makes it when not given). */
  readonly people?: PeopleDirectory;
  /** Turns counted for GET /metrics; nothing is counted without. */
  readonly metrics?: Metrics;
}

/** The person acting in this turn, with the roles they hold. */
export interface TurnActor extends Actor {
  readonly roles: readonly string[];
  readonly isAdmin: boolean;
}

export interface Turn {
  readonly context: TurnContext;
  readonly deps: BotDeps;
  readonly actor: TurnActor;
  readonly conversation: ConversationRef;
  readonly now: string;
  readonly publisher: CardPublisher;
  /** Who holds which role, read once at the start of the turn. */
  readonly assignments: readonly RoleAssignment[];
}

export function rolesOf(assignments: readonly RoleAssignment[], aadObjectId: string): string[] {
  return [...new Set(assignments.filter((a) => a.holder.aadObjectId === aadObjectId).map((a) => a.role))];
}

/** The conversation of an incoming activity, in the form we store to reach it again. */
export function conversationOf(context: TurnContext): ConversationRef {
  const a = context.activity;
  const channelData = (a.channelData ?? {}) as { tenant?: { id?: string }; team?: { id?: string } };
  return {
    conversationId: a.conversation.id,
    serviceUrl: a.serviceUrl,
    tenantId: a.conversation.tenantId ?? channelData.tenant?.id ?? null,
    channelId: a.channelId,
    conversationType: a.conversation.conversationType ?? null,
    botId: a.recipient?.id ?? '',
    botName: a.recipient?.name ?? '',
    teamId: channelData.team?.id ?? null,
  };
}
