/**
 * The edit form opens in a dialog (a Teams task module), not over the shared card that other
 * people's clicks keep updating: driven over HTTP as Teams sends the `task/fetch` and
 * `task/submit` invokes. The save runs the checks of `decision.update`: state, version, repeats.
 */
import { startHarness, type Harness } from '../support/bot-harness';
import { cardOf } from '../support/card-query';
import { channelThread, person, personalChat, taskInvoke } from '../support/teams-activities';

type Json = Record<string, unknown>;
const officer = person('ed', 'Edna Officer');
const finance = person('fi', 'Fred Finance');
const home = channelThread('1700000000700');
const REF = 'PCD 4200';
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ people: [officer, finance], admins: [officer] });
  await h.say(officer, home, `new ${REF} Edited in a dialog`);
  await h.say(officer, home, `role finance <at>${finance.name}</at>`, { mentions: [finance] });
  await h.say(officer, home, `fund ${REF} | Outreach | 2024/25 £12,000 | Core funding`);
  await h.settle();
});
afterAll(async () => h.close());

const version = async () => (await h.store.getDecision(REF))!.decision.version;
const lastCard = () => cardOf(h.connector.sent.filter((s) => cardOf(s.activity)).at(-1)!.activity)!;
const actionsOf = (card: Json) => card.actions as Json[];

async function task(name: 'task/fetch' | 'task/submit', data: Json, from = officer) {
  const res = await h.post(taskInvoke(h.connector.url, from, home, name, data));
  expect(res.status).toBe(200);
  return (res.body as { task: { type: string; value: unknown } }).task;
}
/** The form a `continue` answer shows, checked to be a dialog. */
function formIn(answer: { type: string; value: unknown }) {
  expect(answer.type).toBe('continue');
  const value = answer.value as { title: string; card: { contentType: string; content: Json } };
  expect(value).toEqual(expect.objectContaining({ title: `Edit ${REF}`, width: 'large', height: 'large' }));
  expect(value.card.contentType).toBe('application/vnd.microsoft.card.adaptive');
  return value.card.content;
}
const inputValue = (form: Json, id: string) => (form.body as Json[]).find((e) => e.id === id)?.value;
const saveData = (form: Json) => actionsOf(form).find((a) => a.title === 'Save')!;
const openForm = async () =>
  formIn(await task('task/fetch', { msteams: { type: 'task/fetch' }, verb: 'decision.edit', ref: REF }));

test("the card's Edit button and the edit command in a channel open the form in a dialog", async () => {
  const stored = (await h.store.getDecision(REF))!;
  const homeCard = cardOf(h.connector.sent.find((s) => s.id === stored.home!.cardActivityId)!.activity)!;
  const edit = actionsOf(homeCard).find((a) => a.title === 'Edit')!;
  expect(edit).toEqual(
    expect.objectContaining({
      type: 'Action.Submit',
      data: expect.objectContaining({ msteams: { type: 'task/fetch' }, verb: 'decision.edit', ref: REF }),
    }),
  );
  await h.say(officer, home, `edit ${REF}`);
  const launcher = lastCard();
  expect(actionsOf(launcher)).toEqual([
    {
      type: 'Action.Submit',
      title: `Edit ${REF}`,
      data: { msteams: { type: 'task/fetch' }, verb: 'decision.edit', ref: REF },
    },
  ]);
  expect((launcher.body as Json[]).some((e) => String(e.type).startsWith('Input.'))).toBe(false);
});

test('in personal chat the edit command answers with the form itself', async () => {
  await h.say(officer, personalChat(officer), `edit ${REF}`);
  expect(inputValue(lastCard(), 'title')).toBe('Edited in a dialog');
  expect(actionsOf(lastCard()).find((a) => a.title === 'Save')?.type).toBe('Action.Execute');
});

test('task/fetch shows the form, prefilled; task/submit saves it and closes the dialog with a sentence', async () => {
  const form = await openForm();
  expect(inputValue(form, 'title')).toBe('Edited in a dialog');
  const save = saveData(form);
  expect(save).toEqual({
    type: 'Action.Submit',
    title: 'Save',
    style: 'positive',
    data: { verb: 'decision.update', ref: REF, version: await version() },
  });
  const answer = await task('task/submit', {
    ...(save.data as Json),
    title: 'Edited in a dialog',
    recommendations: 'Approve the outreach.',
  });
  expect(answer).toEqual({ type: 'message', value: `Saved. Updated the recommendations of ${REF}.` });
  expect((await h.store.getDecision(REF))!.decision.recommendations).toEqual(['Approve the outreach.']);
  await h.settle();
});

test('a save Teams repeats does nothing twice', async () => {
  const save = saveData(await openForm()).data as Json;
  const typed = { ...save, summary: 'A summary typed once.' };
  expect((await task('task/submit', typed)).value).toBe(`Saved. Updated the summary of ${REF}.`);
  const after = await version();
  expect(await task('task/submit', typed)).toEqual({ type: 'message', value: `Saved. ${REF} already says this.` });
  expect(await version()).toBe(after);
  await h.settle();
});

test("other people's clicks meanwhile do not stop the save; a change of content does, and gives the text back", async () => {
  await h.say(officer, home, `submit ${REF}`);
  const form = await openForm();
  // Finance ticks on the shared card while the officer types: the form in the dialog is untouched.
  const tick = await h.click(finance, home, 'declaration.tick', {
    ref: REF,
    version: await version(),
    item: 'finance',
  });
  expect(tick.status).toBe(200);
  const save = saveData(form).data as Json;
  expect((await task('task/submit', { ...save, deferralDate: '', deferralReason: '', part2: 'true' })).value).toBe(
    `Saved. Updated the Part 2 flag of ${REF}.`,
  );
  // Now the funding changes (content) while a second form is open: that form's text is not saved over it.
  const second = saveData(await openForm()).data as Json;
  await h.say(officer, home, `fund ${REF} | Outreach | 2024/25 £15,000 | Core funding`);
  const stale = formIn(await task('task/submit', { ...second, summary: 'Typed against an old version.' }));
  expect(String(JSON.stringify(stale.body))).toContain('changed while you were editing');
  expect(inputValue(stale, 'summary')).toBe('Typed against an old version.');
  expect((await h.store.getDecision(REF))!.decision.summary).toBe('A summary typed once.');
  const retry = saveData(stale).data as Json;
  expect(retry.version).toBe(await version());
  expect((await task('task/submit', { ...retry, summary: 'Typed against an old version.' })).value).toMatch(
    /^Saved\. Updated the summary/,
  );
  await h.settle();
});

test('a form that cannot be saved comes back with what was typed and why', async () => {
  const save = saveData(await openForm()).data as Json;
  const back = formIn(await task('task/submit', { ...save, title: '  ', summary: 'Kept while the title is fixed.' }));
  expect(JSON.stringify(back.body)).toContain('The title box is empty');
  expect(inputValue(back, 'summary')).toBe('Kept while the title is fixed.');
  const late = formIn(await task('task/submit', { ...save, deferralDate: '2030-01-01', deferralReason: '' }));
  expect(JSON.stringify(late.body)).toContain('A Part 1 deferral needs a reason as well as a date.');
});

test('a decision that is not there gets a sentence, not a form', async () => {
  const missing = await task('task/fetch', { msteams: { type: 'task/fetch' }, verb: 'decision.edit', ref: 'PCD 9999' });
  expect(missing.type).toBe('message');
  expect(String(missing.value)).toContain('There is no decision "PCD 9999"');
});
