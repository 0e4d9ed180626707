/**
 * New Teams clients split one @mention of a person into one entity per word of the name, each with
 * the same `mentioned.id`: `role finance @Fiona Finance` arrives as "<at>Fiona</at> <at>Finance</at>".
 * The bot must treat those pieces as one person, over HTTP as Teams sends them.
 */
import { startHarness, type Harness } from '../support/bot-harness';
import { channelThread, message, person } from '../support/teams-activities';

const admin = person('a1', 'Alice Admin');
const fiona = person('f1', 'Fiona Finance');
const home = channelThread('1700000000077');

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ people: [admin, fiona], admins: [admin] });
});
afterAll(async () => {
  await h.close();
});

/** The admin's message with Fiona's mention split in two, as the new Teams client sends it. */
function splitMention(command: string) {
  const activity = message(h.connector.url, admin, home, `${command} <at>Fiona</at> <at>Finance</at>`);
  const pieces = ['Fiona', 'Finance'].map((word) => ({
    type: 'mention',
    mentioned: { id: fiona.id, name: word },
    text: `<at>${word}</at>`,
  }));
  return { ...activity, entities: [...activity.entities, ...pieces] };
}

const replies = () => h.connector.sent.map((s) => s.activity.text).filter((t): t is string => typeof t === 'string');

test('role finance @Fiona Finance, split in two, gives the role once and says so once', async () => {
  const before = replies().length;
  expect((await h.post(splitMention('role finance'))).status).toBe(200);
  expect(replies().slice(before)).toEqual(['Fiona Finance now holds Finance.']);
  const roles = await h.store.listRoleAssignments();
  expect(roles.map((r) => [r.role, r.holder.aadObjectId, r.deputy])).toEqual([['finance', fiona.aadObjectId, false]]);
});

test('the split mention works after "deputy" and "remove" as well', async () => {
  let before = replies().length;
  await h.post(splitMention('role finance deputy'));
  expect(replies().slice(before)).toEqual(['Fiona Finance now holds Finance as deputy.']);
  before = replies().length;
  await h.post(splitMention('role finance remove'));
  expect(replies().slice(before)).toEqual(['Fiona Finance no longer holds Finance.']);
  expect(await h.store.listRoleAssignments()).toEqual([]);
});
