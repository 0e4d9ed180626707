/**
 * Clicking Adaptive Card buttons (Action.Execute) in the Playground, as any member of the
 * conversation, with a deterministic outcome.
 *
 * As another user: the UI always sends currentUser, so the page's own invoke request has its
 * `from.id` rewritten on the way out (the Playground honours it; the bot sees that user).
 *
 * Deterministic: a click that changes a decision reaches the page twice, as the bot's invoke
 * response and as the bot's update of the shared card (`updateActivity`, pushed over the
 * Playground's WebSocket as `updateMessage`), and whichever the page applies last is what it
 * shows. The two arrive within milliseconds of each other in either order, so the page's invoke
 * response is held until the shared card's update has arrived: the page always ends on the
 * invoke response, as it does in Teams when the update is quicker. Nothing is altered, only delayed.
 */
import type { Locator, Page, Route } from 'playwright-core';

const INVOKE = /\/_conversation\/v1\/invoke$/;
const CARD_RESPONSE = 'application/vnd.microsoft.card.adaptive';

export interface ClickAnswer {
  readonly status: number;
  /** The invoke response's type: a card, or a message (shown in the invoke bar). */
  readonly type: string;
  readonly value: unknown;
}

export class CardClicks {
  private updates = 0;
  private actingAs: string | null = null;
  private lastAnswer: { type?: string; value?: unknown } = {};
  private readonly waiters = new Set<() => void>();

  private constructor(private readonly page: Page) {}

  /** Installs the listeners; call before the page loads so that its WebSocket is seen. */
  static async install(page: Page): Promise<CardClicks> {
    const clicks = new CardClicks(page);
    page.on('websocket', (ws) =>
      ws.on('framereceived', (frame) => {
        if (typeof frame.payload === 'string' && frame.payload.includes('"updateMessage"')) clicks.sawUpdate();
      }),
    );
    await page.route(INVOKE, (route) => clicks.handle(route));
    return clicks;
  }

  /** Clicks the button as `userId` (currentUser when omitted) and resolves with the bot's answer as the page received it. */
  async click(button: Locator, userId?: string): Promise<ClickAnswer> {
    this.actingAs = userId ?? null;
    try {
      const answered = this.page.waitForResponse((r) => INVOKE.test(r.url()));
      await button.click();
      const response = await answered;
      return { status: response.status(), type: this.lastAnswer.type ?? '', value: this.lastAnswer.value };
    } finally {
      this.actingAs = null;
    }
  }

  private sawUpdate(): void {
    this.updates++;
    for (const wake of this.waiters) wake();
  }

  private async handle(route: Route): Promise<void> {
    const updatesBefore = this.updates;
    const request = JSON.parse(route.request().postData() ?? '{}') as { from?: { id?: string } };
    const postData = this.actingAs === null ? undefined : JSON.stringify({ ...request, from: { ...request.from, id: this.actingAs } });
    const response = await route.fetch({ postData });
    const body = (await response.json().catch(() => ({}))) as { type?: string; value?: unknown };
    this.lastAnswer = body;
    // Only a changed decision (answered with a card) also updates the shared card; a refusal does not.
    if (body.type === CARD_RESPONSE) await this.updateAfter(updatesBefore, 3000);
    await route.fulfill({ response });
  }

  private updateAfter(count: number, timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const check = () => {
        if (this.updates > count) done();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }
}
