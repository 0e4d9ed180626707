/**
 * Both Teams ids of the people the bot deals with. Roles, admins and watchers are keyed by AAD
 * object id, but Teams refreshes a card only for the MRIs (`29:…`) in refresh.userIds and starts
 * a 1:1 chat only with an MRI. The bot learns the pair from every activity a person sends
 * (from.id, from.aadObjectId) and, for someone who has never written to it, from the roster of a
 * conversation they are in (TeamsInfo.getMember, which takes an AAD object id).
 */
import { TeamsInfo, type BotAdapter, type TurnContext } from 'botbuilder';
import type { Logger } from '../domain/logger';
import type { ConversationRef, KnownPerson, Store } from '../storage/store';
import { samePerson } from '../storage/store';
import { toConversationReference } from './conversation-reference';
import { inProactiveTurn } from './proactive-turn';

/** A roster lookup that found nobody is not tried again for this long. */
const RETRY_MISSING_MS = 10 * 60_000;

export interface PeopleDeps {
  readonly store: Pick<Store, 'savePerson' | 'listPeople'>;
  readonly adapter: Pick<BotAdapter, 'continueConversationAsync'>;
  readonly botAppId: string;
  readonly logger?: Pick<Logger, 'warn'>;
  readonly now?: () => number;
}

/** Where to look someone up when their MRI is not known yet; called only then. */
export type RosterPlace = () => Promise<ConversationRef | null>;

export class PeopleDirectory {
  /** What this process has written already, so a person's every message does not write again. */
  private readonly saved = new Map<string, KnownPerson>();
  private readonly missing = new Map<string, number>();
  private readonly now: () => number;

  constructor(private readonly deps: PeopleDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** Records the sender of an activity (a user with both ids; bots and anonymous senders are skipped). */
  async learnFrom(context: TurnContext): Promise<void> {
    const from = context.activity.from;
    if (!from?.id || !from.aadObjectId || from.role === 'bot') return;
    await this.learn({ aadObjectId: from.aadObjectId, mri: from.id, name: from.name ?? '' });
  }

  async learn(person: KnownPerson): Promise<void> {
    const key = person.aadObjectId.toLowerCase();
    const known = this.saved.get(key);
    if (known && samePerson(known, person)) return;
    await this.deps.store.savePerson(person);
    this.saved.set(key, person);
    this.missing.delete(key);
  }

  /**
   * The known people among these AAD object ids, by lower-cased AAD object id. Anyone not known
   * yet is looked up in the roster of `where` (one proactive turn for all of them); someone the
   * roster does not have (404) is left out, and not looked up again for a while. A lookup that
   * failed otherwise (throttled, 5xx, network) leaves the person out too, or with `rethrow`
   * throws that failure, for a caller that retries (the outbox).
   */
  async find(
    aadObjectIds: readonly string[],
    where: RosterPlace,
    options: { rethrow?: boolean } = {},
  ): Promise<Map<string, KnownPerson>> {
    const found = new Map(
      (await this.deps.store.listPeople(aadObjectIds)).map((p) => [p.aadObjectId.toLowerCase(), p]),
    );
    const now = this.now();
    const unknown = [...new Set(aadObjectIds.map((id) => id.toLowerCase()))].filter(
      (id) => !found.has(id) && now - (this.missing.get(id) ?? -Infinity) >= RETRY_MISSING_MS,
    );
    if (unknown.length === 0) return found;
    const place = await where();
    if (!place) return found;
    const { people, failure } = await this.lookUp(unknown, place);
    for (const person of people) found.set(person.aadObjectId.toLowerCase(), person);
    if (failure !== undefined && options.rethrow) throw failure;
    return found;
  }

  /** MRIs by lower-cased AAD object id (what a card's refresh needs). */
  async mris(aadObjectIds: readonly string[], where: RosterPlace): Promise<Map<string, string>> {
    const found = await this.find(aadObjectIds, where);
    return new Map([...found].map(([aad, p]) => [aad, p.mri]));
  }

  private async lookUp(
    aadObjectIds: readonly string[],
    place: ConversationRef,
  ): Promise<{ people: KnownPerson[]; failure?: unknown }> {
    const { adapter, botAppId, logger } = this.deps;
    const people: KnownPerson[] = [];
    let failure: unknown;
    try {
      await inProactiveTurn(
        (logic) => adapter.continueConversationAsync(botAppId, toConversationReference(place), logic),
        async (context) => {
          for (const aad of aadObjectIds) {
            try {
              const member = await TeamsInfo.getMember(context, aad);
              people.push({ aadObjectId: member.aadObjectId ?? aad, mri: member.id, name: member.name ?? '' });
            } catch (e) {
              // Not a member (404), or not allowed to look (403): nobody to find here for now.
              if (statusOf(e) === 404 || statusOf(e) === 403) this.missing.set(aad, this.now());
              else failure ??= e;
              logger?.warn('roster lookup found nobody', { conversationId: place.conversationId, status: statusOf(e) });
            }
          }
        },
      );
    } catch (e) {
      failure ??= e;
      logger?.warn('roster lookup failed', { conversationId: place.conversationId, error: String(e) });
    }
    for (const person of people) await this.learn(person);
    return { people, failure };
  }
}

const statusOf = (e: unknown): number | undefined => (e as { statusCode?: number })?.statusCode;
