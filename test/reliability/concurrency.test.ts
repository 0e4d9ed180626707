/**
 * Concurrency: ten people (eight item holders and two deputies) click the same card version at
 * the same moment, round after round on fresh decisions: every click is answered with a card
 * (no 500), each item is ticked exactly once, the decision moves on, the chain stays linear.
 */
import { verifyChain } from '../../domain/audit';
import { loadProfile } from '../../app/profile-loader';
import { startHarness, type Harness } from '../support/bot-harness';
import { channelThread } from '../support/teams-activities';
import { admin, assignRoles, createInReview, drafter, reviewerTeam } from './decisions';
import { scale, timeoutMs } from './scale';

const profile = loadProfile();
const team = reviewerTeam(profile);
const place = channelThread('1700000000950');
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ people: [admin, drafter, ...team.map((t) => t.who)], admins: [admin] });
  await assignRoles(h.store, team, new Date().toISOString());
});
afterAll(async () => h.close());

test(
  `${scale.clickRounds} rounds of 10 people clicking the same card at once: no lost update, no 500`,
  async () => {
    let clicks = 0;
    for (let round = 0; round < scale.clickRounds; round++) {
      const d = await createInReview(h.store, profile, `PCD ${6000 + round}`, new Date().toISOString());
      const replies = await Promise.all(
        team.map(({ item, who }) => h.click(who, place, 'declaration.tick', { ref: d.ref, version: d.version, item })),
      );
      clicks += replies.length;
      for (const reply of replies) {
        expect(reply.status).toBe(200);
        expect(reply.type).toBe('application/vnd.microsoft.card.adaptive');
      }
      const after = (await h.store.getDecision(d.ref))!.decision;
      expect(Object.keys(after.ticks).sort()).toEqual(profile.declarations.map((i) => i.key).sort());
      expect(after.status).not.toBe('in_review');
      const audit = await h.store.getAudit(d.ref);
      for (const item of profile.declarations)
        expect(audit.filter((e) => e.type === 'declaration.ticked' && e.details.item === item.key)).toHaveLength(1);
      expect(verifyChain(audit).ok).toBe(true);
    }
    await h.settle();
    expect(clicks).toBe(scale.clickRounds * 10);
    console.log(`concurrency: ${scale.clickRounds} rounds, ${clicks} simultaneous clicks, 0 lost, 0 errors`);
  },
  timeoutMs(1_000, scale.clickRounds),
);
