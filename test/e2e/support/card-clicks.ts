/**
 * Clicking Adaptive Card buttons (Action.Execute) in the Playground as any member of the
 * conversation, with a deterministic outcome.
 *
 * As another user: the UI always sends currentUser, so the page's own invoke request has its
 * `from.id` rewritten on the way out (the Playground honours it; the bot sees that user).
 *
 * Deterministic: a click that changes a decision reaches the page twice, as the bot's answer to
 * the clicker (the invoke response: in Teams only the clicker sees it) and as the bot's update of
 * the shared card (`updateActivity`, pushed over the Playground's WebSocket as `updateMessage`:
 * what everyone else sees). The Playground has one window for everybody and shows whichever it
 * applies last; the two arrive within milliseconds, in either order. The suite uses the page as
 * "everyone else" between clicks (the next click is another person's), so an update that arrives
 * while a click's answer is still on its way is held until the answer has been applied: the page
 * then always ends on the shared card. Nothing is altered, only delayed.
 */
import type { Locator, Page, Route, WebSocketRoute } from 'playwright-core';

const INVOKE = /\/_conversation\/v1\/invoke$/;
const CONVERSATION_STREAM = /\/_ws_conversation\//;
export const CARD_RESPONSE = 'application/vnd.microsoft.card.adaptive';
/** Time for the page to apply an invoke response after it arrives (a JSON parse and a render). */
const APPLY_MS = 250;

export interface ClickAnswer {
  readonly status: number;
  /** The invoke response's type: a card, or a message (shown in the invoke bar). */
  readonly type: string;
  /** The card (an object) or the message (a string) the clicker was answered with. */
  readonly value: unknown;
}

export class CardClicks {
  private updates = 0;
  private actingAs: string | null = null;
  private answer: { type?: string; value?: unknown } = {};
  private inFlight = 0;
  private held: Array<() => void> = [];
  private readonly waiters = new Set<() => void>();
  private readonly pageErrors: string[] = [];

  private constructor(private readonly page: Page) {
    page.on('pageerror', (error) => this.pageErrors.push(error.message));
  }

  /** Installs the routes; call before the page loads so that its WebSocket goes through them. */
  static async install(page: Page): Promise<CardClicks> {
    const clicks = new CardClicks(page);
    await page.routeWebSocket(CONVERSATION_STREAM, (ws) => clicks.relay(ws));
    await page.route(INVOKE, (route) => clicks.forward(route));
    return clicks;
  }

  /**
   * Clicks the button as `userId` (currentUser when omitted). Resolves with the bot's answer once
   * the page has applied it and, when the decision changed, the shared card's update after it.
   */
  async click(button: Locator, userId?: string): Promise<ClickAnswer> {
    this.actingAs = userId ?? null;
    const updatesBefore = this.updates;
    const errorsBefore = this.pageErrors.length;
    try {
      const sent = this.page.waitForRequest((r) => INVOKE.test(r.url()), { timeout: 5000 });
      const answered = this.page.waitForResponse((r) => INVOKE.test(r.url()));
      await button.click();
      await sent.catch((e: unknown) => {
        const errors = this.pageErrors.slice(errorsBefore);
        const field = errors.map((m) => /read only property '(\w+)'/.exec(m)?.[1]).find(Boolean);
        const hint = field
          ? ` The Playground's card renderer cannot run an Action.Execute whose data has a "${field}" field (it throws before sending); give that field another name.`
          : '';
        throw new Error(
          `The click sent no card action to the bot${errors.length ? `; the page threw: ${errors.join(' | ')}.` : '.'}${hint}`,
          { cause: e },
        );
      });
      const response = await answered;
      const answer = { status: response.status(), type: this.answer.type ?? '', value: this.answer.value };
      // A changed decision (answered with a card) also updates the shared card; a refusal does not.
      if (answer.type === CARD_RESPONSE) await this.updateAfter(updatesBefore, 5000);
      await this.page.waitForTimeout(APPLY_MS);
      return answer;
    } finally {
      this.actingAs = null;
    }
  }

  private relay(ws: WebSocketRoute): void {
    const server = ws.connectToServer();
    ws.onMessage((message) => server.send(message));
    server.onMessage((message) => {
      const isUpdate = typeof message === 'string' && message.includes('"updateMessage"');
      const deliver = () => {
        ws.send(message);
        if (isUpdate) this.sawUpdate();
      };
      if (isUpdate && this.inFlight > 0) this.held.push(deliver);
      else deliver();
    });
  }

  private async forward(route: Route): Promise<void> {
    this.inFlight++;
    try {
      const request = JSON.parse(route.request().postData() ?? '{}') as { from?: { id?: string } };
      const postData =
        this.actingAs === null
          ? undefined
          : JSON.stringify({ ...request, from: { ...request.from, id: this.actingAs } });
      const response = await route.fetch({ postData });
      this.answer = (await response.json().catch(() => ({}))) as { type?: string; value?: unknown };
      await route.fulfill({ response });
      await new Promise((resolve) => setTimeout(resolve, APPLY_MS));
    } finally {
      this.inFlight--;
      if (this.inFlight === 0) for (const deliver of this.held.splice(0)) deliver();
    }
  }

  private sawUpdate(): void {
    this.updates++;
    for (const wake of this.waiters) wake();
  }

  private updateAfter(count: number, timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (this.updates <= count) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        resolve();
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }
}
