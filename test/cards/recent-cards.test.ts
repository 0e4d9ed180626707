/**
 * The recent cards: a view made lately is given again as it was, without expanding the template;
 * anything that changes the view model (a new version, another viewer's roles) makes a new card;
 * and no more are held than the bound, the least recently used let go first.
 */
import { decisionCard, decisionCardStats } from '../../cards/decision-card';
import { RecentCards } from '../../cards/recent-cards';
import { mopacProfile } from '../fixtures/profiles';
import { holders, mris, states, viewerOf } from './decision-states';

const profile = mopacProfile;

test('a value is made once per key while it is held, and the least recently used goes first', () => {
  const recent = new RecentCards<{ n: number }>(2);
  let made = 0;
  const get = (key: string) => recent.get(key, () => ({ n: ++made }));
  const a = get('a');
  expect(get('a')).toBe(a);
  get('b');
  get('a'); // a is now the most recently used: b goes when c comes
  get('c');
  expect(recent.stats()).toEqual({ hits: 2, misses: 3, size: 2 });
  expect(get('a')).toBe(a);
  expect(made).toBe(3);
  get('b'); // let go when c came: made again
  expect(made).toBe(4);
  expect(recent.stats()).toEqual({ hits: 3, misses: 4, size: 2 });
});

test('the same view of the same version is served again; a new version or other roles get a card of their own', () => {
  const decision = states.inReview;
  const view = (viewer: ReturnType<typeof viewerOf> | null, d = decision) =>
    decisionCard({ decision: d, profile, holders, viewer, mris });
  const before = decisionCardStats();
  const finance = view(viewerOf('finance'));
  // Teams asks each pending holder's client for its view after a change: the same view is not made again.
  expect(view(viewerOf('finance'))).toBe(finance);
  const base = view(null);
  expect(base).not.toBe(finance);
  expect(base).not.toEqual(finance);
  expect(view(null)).toBe(base);
  // The next version is another card, though every other input is the same.
  const next = view(null, { ...decision, version: decision.version + 1 });
  expect(next).not.toBe(base);
  expect(JSON.stringify(next)).toContain(`"version":${decision.version + 1}`);
  const after = decisionCardStats();
  expect(after.hits - before.hits).toBe(2);
  expect(after.misses - before.misses).toBe(3);
});
