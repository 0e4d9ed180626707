/**
 * Driving the Agents Playground UI as a person would: pick a conversation, type in the compose
 * box with @mentions chosen from the typeahead, find a decision's card in its thread, click its
 * buttons (through CardClicks), and read the bar that shows an invoke's answer. Selectors are the ones recorded in
 * shared/notes/PLAYGROUND.md.
 */
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { CardClicks } from './card-clicks';

/** Part of a message: text typed as it is, or someone @mentioned through the typeahead. */
export type MessagePart = string | { readonly mention: string };

const EDITOR = '[data-lexical-editor="true"][role="textbox"]';

/**
 * Opens the UI and waits until the Playground has reached the bot (its config request answers).
 * Card clicks go through the returned CardClicks, whose listeners must exist before the page loads.
 */
export async function openPlayground(
  context: BrowserContext,
  url: string,
): Promise<{ page: Page; clicks: CardClicks }> {
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(10_000);
  const clicks = await CardClicks.install(page);
  const ready = page.waitForResponse((r) => r.url().endsWith('/_internal/v1/config') && r.ok(), { timeout: 30_000 });
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 30_000 });
  await ready;
  return { page, clicks };
}

/** Selects a conversation in the left rail, e.g. "MOPAC - Decisions" or "Personal Chat". */
export async function openConversation(page: Page, name: string): Promise<void> {
  await page.getByRole('treeitem', { name, exact: true }).click();
}

/** Types the parts into an editor, choosing each @mention from the typeahead menu. */
export async function typeMessage(page: Page, editor: Locator, parts: readonly MessagePart[]): Promise<void> {
  await editor.click();
  for (const part of parts) {
    if (typeof part === 'string') {
      // Text goes in at once (one input event); mentions are typed so that the typeahead opens.
      await page.keyboard.insertText(part);
      continue;
    }
    await editor.pressSequentially(`@${part.mention.slice(0, 4)}`);
    // The typeahead opens about 0.8 s after the @.
    await page.locator('#typeahead-menu [role="menuitem"]').filter({ hasText: part.mention }).first().click();
  }
}

/** A channel thread: the group holding the post that contains `postText`, its replies and its reply box. */
export function thread(page: Page, postText: string): Locator {
  return page
    .locator('[role="group"]')
    .filter({ has: page.locator(EDITOR) })
    .filter({ hasText: postText })
    .last();
}

/** Starts a new post in the open channel and returns its thread. */
export async function postInChannel(page: Page, parts: readonly MessagePart[], postText: string): Promise<Locator> {
  await typeMessage(page, page.locator(EDITOR).first(), parts);
  await page.getByRole('button', { name: 'Post', exact: true }).click();
  const posted = thread(page, postText);
  await posted.waitFor();
  return posted;
}

/** Replies in a thread. */
export async function replyInThread(page: Page, inThread: Locator, parts: readonly MessagePart[]): Promise<void> {
  await typeMessage(page, inThread.locator(EDITOR), parts);
  await inThread.getByRole('button', { name: 'Send Message' }).click();
}

/** Sends a message in the open chat (personal or group chat: one compose box, no threads). */
export async function sendInChat(page: Page, parts: readonly MessagePart[]): Promise<void> {
  await typeMessage(page, page.locator(EDITOR).first(), parts);
  await page.getByRole('button', { name: 'Send Message' }).first().click();
}

/** Waits for a bot text message containing `text` in the thread. */
export async function waitForText(inThread: Locator, text: string | RegExp): Promise<Locator> {
  const paragraph = inThread.getByRole('paragraph').filter({ hasText: text }).last();
  await paragraph.waitFor();
  return paragraph;
}

/** The rendered Adaptive Cards of bot messages in a thread (or page); a ShowCard's inner card is not one. */
export const cards = (scope: Locator | Page): Locator => scope.locator('.ac-preview-panel > .ac-adaptiveCard');

/** The first rendered card whose text matches. */
export function cardWith(scope: Locator | Page, text: string | RegExp): Locator {
  return cards(scope).filter({ hasText: text }).first();
}

/**
 * A declaration row of a decision card, e.g. "Financial Advice": the innermost container that
 * holds both that title and its state line ("Awaiting Finance", "✓ Fiona Finance, …").
 */
export function declarationRow(card: Locator, title: string): Locator {
  const page = card.page();
  return card
    .locator('.ac-container')
    .filter({ has: page.locator('.ac-textBlock', { hasText: new RegExp(`^${escapeRegExp(title)}$`) }) })
    .filter({ has: page.locator('.ac-textBlock', { hasText: /^(Awaiting |✓ |Not ticked)/ }) })
    .last();
}

/** The "Tick" button of a declaration item (its tooltip, rendered as the title, names the item). */
export const tickButton = (card: Locator, title: string): Locator => card.locator(`button[title="Tick ${title}"]`);

/** A text block whose whole text is `text`, or matches the pattern. */
export const textBlock = (scope: Locator, text: string | RegExp): Locator =>
  scope
    .locator('.ac-textBlock')
    .filter({ hasText: typeof text === 'string' ? new RegExp(`^${escapeRegExp(text)}$`) : text });

export const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The bars that show what invokes answered ("Your response was sent to the app", or the bot's sentence). */
export const invokeBars = (page: Page): Locator => page.locator('[aria-label="Display Invoked Message"]');

/** Closes every invoke bar, so that the next one shown is the next click's. */
export async function dismissInvokeBars(page: Page): Promise<void> {
  const dismiss = page.locator('[aria-label="Dismiss Invoke Message"]');
  while ((await dismiss.count()) > 0) await dismiss.first().click();
}

/**
 * Saves a PNG of the whole card. The conversation pane scrolls inside a fixed-height page, so a
 * card taller than the window would come out cut; the window is made tall enough for it first.
 */
export async function screenshotCard(card: Locator, file: string): Promise<void> {
  const page = card.page();
  const before = page.viewportSize() ?? { width: 1400, height: 900 };
  const box = await card.boundingBox();
  const height = Math.ceil(box?.height ?? 0);
  try {
    await page.setViewportSize({ width: before.width, height: Math.max(before.height, height + 400) });
    await card.scrollIntoViewIfNeeded();
    await card.screenshot({ path: file, animations: 'disabled' });
  } finally {
    await page.setViewportSize(before);
  }
}
