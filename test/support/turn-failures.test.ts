/**
 * The check that fails a test whose turn failed: run against a real harness whose store throws
 * on purpose, so a handler (or the turn around it) breaks while the HTTP answer is still 200.
 */
import { startHarness, type Harness } from './bot-harness';
import { person, personalChat } from './teams-activities';
import { checkTurnFailures, expectTurnFailure } from './turn-failures';

const officer = person('tf', 'Tess Failure');
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ people: [officer], admins: [officer] });
});
afterAll(async () => h.close());
afterEach(() => jest.restoreAllMocks());

/** `show` reads the decision inside the handler; the error is caught there and answered politely. */
const handlerThrows = () => jest.spyOn(h.store, 'getDecision').mockRejectedValue(new Error('deliberate failure in a handler'));
/** The roles are read before any handler runs: this error escapes the turn to onTurnError. */
const turnThrows = () => jest.spyOn(h.store, 'listRoleAssignments').mockRejectedValue(new Error('deliberate failure around the turn'));

test('a handler that throws is answered 200, and the check reports it', async () => {
  handlerThrows();
  const res = await h.say(officer, personalChat(officer), 'show PCD 1');
  expect(res.status).toBe(200);
  expect(() => checkTurnFailures()).toThrow(/unhandled error in a turn.*deliberate failure in a handler/);
});

test('an error that escapes the turn is reported too', async () => {
  turnThrows();
  await h.say(officer, personalChat(officer), 'help');
  expect(() => checkTurnFailures()).toThrow(/turn failed.*deliberate failure around the turn/);
});

test('a test that declares the failure it causes passes the check', async () => {
  handlerThrows();
  expectTurnFailure('deliberate failure in a handler');
  await h.say(officer, personalChat(officer), 'show PCD 1');
  expect(() => checkTurnFailures()).not.toThrow();
});

test('a declared failure must match: another error is still reported', async () => {
  turnThrows();
  expectTurnFailure(/deliberate failure in a handler/);
  await h.say(officer, personalChat(officer), 'help');
  expect(() => checkTurnFailures()).toThrow(/turn failed.*deliberate failure around the turn[\s\S]*was expected during this test and did not happen/);
});

test('a declared failure that does not happen is reported', async () => {
  expectTurnFailure('deliberate failure in a handler');
  await h.say(officer, personalChat(officer), 'help');
  expect(() => checkTurnFailures()).toThrow(/matching deliberate failure in a handler was expected .* and did not happen/);
});

test('a turn that works leaves the check quiet', async () => {
  await h.say(officer, personalChat(officer), 'help');
  expect(() => checkTurnFailures()).not.toThrow();
});
