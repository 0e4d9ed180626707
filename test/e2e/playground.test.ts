/**
 * The seed decision (PCD 1065) end to end in a real Teams client: the bot, Microsoft 365 Agents
 * Playground and Chromium (CHROMIUM_PATH or npm's), driven as people would drive them. The admin assigns the
 * roles by @mention, the drafting officer types the commands in the Decisions channel and fills
 * the edit form (in personal chat: the Playground shows no dialogs), reviewers tick the rendered
 * card's buttons and the two signatories sign, each click sent as that person (see
 * support/card-clicks.ts). A passing run writes screenshots of the card to
 * test/e2e/artifacts/screenshots/ (git-ignored); `npm run screenshots` writes them to the
 * committed test/e2e/screenshots/ instead. A failed run leaves them in test/e2e/artifacts/<time>-failure/.
 *
 * Not covered here: the card's `refresh` (user-specific views). The Playground renders none and
 * sends no `card.refresh` invoke, so every user sees the shared base card; the refresh path is
 * tested over HTTP in test/bot/.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { admin, bot, holderOf, nameOf, roleAssignments } from '../../scripts/playground/cast';
import { seedRoles } from '../../scripts/playground/seed-roles';
import { roleName } from '../../domain/profile';
import { loadProfile } from '../../app/profile-loader';
import { findChromium } from './support/chromium';
import { closeSession, saveArtifacts, screenshotsTarget, startSession, type Session } from './support/session';
import { CARD_RESPONSE, type CardClicks } from './support/card-clicks';
import * as ui from './support/playground-page';

const REF = 'PCD 1065';
const TITLE = 'Criminal Justice System - 2022/23 Commissioning Decisions';
const FUNDING = [
  'Drug Testing in Police Custody | 2022/23 £470,000 | Police Grant',
  'MAPPA | 2022/23 £40,000 | Police Grant',
  'GPS Tagging | 2022/23 £900,000 | Core funding',
  "Women's wrap around service | 2022/23 £920,000, 2023/24 £760,000, 2024/25 £650,000 | Police Grant",
];
const RECOMMENDATIONS = [
  'Approve the one-year funding of three Criminal Justice System projects in 2022/23, at a total financial commitment of £1,410,000.',
  'Approve a three-year budget for the Female Offenders wraparound service from 2022/23 -2024/25 at a total financial commitment of £2,330,000',
  'Delegate responsibility for agreeing the specific terms and amounts relating to individual grants, contracts or extensions to the Director of Commissioning and Partnerships.',
];
const mopac = loadProfile();
const mentionBot = { mention: bot.name };
const { textBlock } = ui;
/** The status label in the card's header (the signature lines can read the same, further down). */
const status = (card: Locator, label: string): Locator => textBlock(card, label).first();

let session: Session | undefined;
let step = 'starting';

// On a fresh install npm's Chromium is unpacked first (about 200 MB), outside the test's own time.
beforeAll(async () => {
  await findChromium();
}, 180_000);

afterAll(async () => {
  await closeSession(session);
});

test('PCD 1065 from `new` to Approved, clicked in the rendered card by each role holder', async () => {
  try {
    session = await startSession();
    const { page, clicks } = { page: session.page!, clicks: session.clicks! };

    step = 'the admin assigns the roles by @mention in General';
    await ui.openConversation(page, 'MOPAC - General');
    await assignRoles(page, session.playground!.url);

    step = 'the drafting officer creates the decision in Decisions';
    await ui.openConversation(page, 'MOPAC - Decisions');
    const thread = await ui.postInChannel(page, [mentionBot, ` new ${REF} ${TITLE}`], `new ${REF}`);
    const card = ui.cardWith(thread, TITLE);
    await status(card, 'Draft').waitFor();

    step = 'the funding lines are added';
    for (const line of FUNDING) {
      await ui.replyInThread(page, thread, [mentionBot, ` fund ${REF} | ${line}`]);
      await ui.waitForText(thread, new RegExp(`${ui.escapeRegExp(line.split(' | ')[0]!)}.*The decision now totals`));
    }
    await card.getByText('Total commitment: £3,740,000').waitFor();
    expect(await ui.cards(thread).count()).toBe(1);
    await expectRenderedCard(card);
    await ui.screenshotCard(card, path.join(session.screenshotsDir, 'draft.png'));

    // In a channel the form opens in a dialog (task/fetch), which the Playground does not show; in
    // personal chat it is the chat's own card. Both save through the same checks.
    step = 'the recommendations are entered in the edit form, in personal chat';
    await ui.openConversation(page, 'Personal Chat');
    await ui.sendInChat(page, [`edit ${REF}`]);
    const form = ui.cardWith(page, `Edit ${REF}`);
    await form.getByLabel(/Recommendations/).fill(RECOMMENDATIONS.join('\n'));
    const saved = await clicks.click(form.getByRole('button', { name: 'Save' }));
    expect(saved).toMatchObject({ status: 200, type: CARD_RESPONSE });
    await ui.openConversation(page, 'MOPAC - Decisions');
    await card.getByText(RECOMMENDATIONS[2]!).waitFor();

    step = 'the decision is submitted';
    await ui.replyInThread(page, thread, [mentionBot, ` submit ${REF}`]);
    await ui.waitForText(thread, `${REF} is submitted for sign-off`);
    await status(card, 'In review').waitFor();
    await textBlock(card, 'Deputy Mayor for Policing and Crime').first().waitFor();
    const cardsInThread = await ui.cards(thread).count();

    step = 'a wrong-role tick is refused in the client';
    await ui.dismissInvokeBars(page);
    const refused = await clicks.click(ui.tickButton(card, 'Financial Advice'), admin.id);
    expect(refused).toMatchObject({ status: 200, value: 'Only the Finance role can tick Financial Advice.' });
    await ui.invokeBars(page).filter({ hasText: 'Only the Finance role can tick Financial Advice.' }).waitFor();
    await textBlock(ui.declarationRow(card, 'Financial Advice'), 'Awaiting Finance').waitFor();

    step = 'the Finance user ticks Financial Advice and the card updates in place';
    await ui.dismissInvokeBars(page);
    const [first, ...others] = mopac.declarations;
    await tickAs(clicks, card, first!.title, first!.role, others[0]?.title);
    expect(await ui.cards(thread).count()).toBe(cardsInThread);
    await status(card, 'In review').waitFor();
    await expectRenderedCard(card);
    await ui.screenshotCard(card, path.join(session.screenshotsDir, 'in-review.png'));

    step = 'every other declaration item is ticked by its role holder';
    for (const [i, item] of others.entries()) await tickAs(clicks, card, item.title, item.role, others[i + 1]?.title);
    await status(card, 'Awaiting Chief Executive').waitFor();

    step = 'the Chief Executive signs';
    const chief = holderOf('chief-executive');
    const chiefSigned = await clicks.click(card.getByRole('button', { name: 'Sign as Chief Executive' }), chief.id);
    expect(chiefSigned.status).toBe(200);
    await textBlock(card, new RegExp(`^✓ Signed by ${nameOf(chief)}, `)).waitFor();

    step = 'the Deputy Mayor declares no interest and signs';
    const dmpc = holderOf('dmpc');
    await card.getByRole('button', { name: 'Sign as Deputy Mayor for Policing and Crime' }).click();
    await card.getByLabel(/Personal or prejudicial interest/).fill('None');
    const dmpcSigned = await clicks.click(card.getByRole('button', { name: 'Sign', exact: true }), dmpc.id);
    expect(dmpcSigned.status).toBe(200);
    await status(card, 'Approved').waitFor();
    await textBlock(card, new RegExp(`^Approved on .* by ${nameOf(dmpc)}$`)).waitFor();
    await textBlock(card, 'Declared interest: None').waitFor();
    expect(await ui.cards(thread).count()).toBe(cardsInThread);
    await expectRenderedCard(card);
    await ui.screenshotCard(card, path.join(session.screenshotsDir, 'approved.png'));
    const target = screenshotsTarget();
    fs.mkdirSync(target, { recursive: true });
    for (const file of fs.readdirSync(session.screenshotsDir))
      fs.copyFileSync(path.join(session.screenshotsDir, file), path.join(target, file));
  } catch (e) {
    const saved = session ? await saveArtifacts(session, 'failure', e) : '(no session)';
    throw new Error(`E2E step failed: ${step}\n${(e as Error).message}\nScreenshot and logs: ${saved}`, { cause: e });
  }
}, 115_000);

/** The card is drawn by the renderer (text blocks, a table), not shown as JSON or as a fallback. */
async function expectRenderedCard(card: Locator): Promise<void> {
  const text = await card.innerText();
  expect(text).not.toMatch(/unsupported|not supported|cannot be (displayed|rendered)|"type":/i);
  expect(await card.locator('.ac-textBlock').count()).toBeGreaterThan(20);
}

/**
 * `role <role> @Person` for every role, typed by the admin in General with the person picked from
 * the typeahead. The typeahead never offers yourself, so the admin's own roles go the way
 * `npm run playground -- --seed-roles` sends them: the same message, through the Playground's
 * custom-activity endpoint.
 */
async function assignRoles(page: Page, playgroundUrl: string): Promise<void> {
  const own = roleAssignments.filter((a) => a.person === admin);
  await seedRoles(playgroundUrl, { assignments: own });
  for (const { role, person } of own)
    await ui.waitForText(page.locator('body'), `${nameOf(person)} now holds ${roleName(mopac, role)}`);
  let thread: Locator | null = null;
  for (const { role, person } of roleAssignments.filter((a) => a.person !== admin)) {
    const parts = [mentionBot, ` role ${role} `, { mention: nameOf(person) }];
    if (thread === null) thread = await ui.postInChannel(page, parts, `role ${role}`);
    else await ui.replyInThread(page, thread, parts);
    await ui.waitForText(thread, `${nameOf(person)} now holds ${roleName(mopac, role)}`);
  }
}

/**
 * Clicks "Tick" on a declaration row as the holder of its role. They are answered with the
 * updated card, and the shared card (what the page shows between clicks) shows their tick and
 * still offers the next item's Tick, which is another role's.
 */
async function tickAs(
  clicks: CardClicks,
  card: Locator,
  title: string,
  role: string,
  nextTitle: string | undefined,
): Promise<void> {
  const person = holderOf(role);
  const answer = await clicks.click(ui.tickButton(card, title), person.id);
  expect(answer).toMatchObject({ status: 200, type: CARD_RESPONSE });
  expect(JSON.stringify(answer.value)).toContain(`✓ ${nameOf(person)}, `);
  await textBlock(ui.declarationRow(card, title), new RegExp(`^✓ ${nameOf(person)}, `)).waitFor();
  if (nextTitle === undefined) return;
  await ui
    .tickButton(card, nextTitle)
    .waitFor({ timeout: 3000 })
    .catch((e: unknown) => {
      throw new Error(
        `After ${nameOf(person)} ticked ${title}, the shared card offers no Tick for ${nextTitle}: was it updated in place?`,
        { cause: e },
      );
    });
}
