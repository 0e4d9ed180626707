/** Who may change a decision and who sees it: the rules of domain/authority.ts and the operations that apply them. */
import { authorise, inScope, mayAct, viewerScope, whoMay, type Asker } from '../../domain/authority';
import { governanceProfileSchema } from '../../domain/profile';
import { addFundingLine, removeFundingLine, submit, updateDetails, withdraw } from '../../domain/workflow';
import { glaProfile, profileWith } from '../fixtures/profiles';
import { as, draft, inReview, must, outsider, people, profile, refusal } from './workflow-support';

const asker = (aadObjectId: string, roles: string[] = [], isAdmin = false): Asker => ({ aadObjectId, roles, isAdmin });
const drafterId = people.draftingOfficer.aadObjectId;

describe('who may change a decision', () => {
  const d = draft();

  it.each([
    ['its drafter', asker(drafterId), true],
    ['a holder of a drafting role', asker(outsider.aadObjectId, ['drafting-officer']), true],
    ['an admin', asker(outsider.aadObjectId, [], true), true],
    ['a reviewer with another role', asker(outsider.aadObjectId, ['finance', 'legal']), false],
    ['someone with no role', asker(outsider.aadObjectId), false],
  ] as const)('%s may edit, fund, submit and withdraw: %s', (_who, who, allowed) => {
    for (const action of ['edit', 'fund', 'submit', 'withdraw'] as const)
      expect(mayAct(d, profile, who, action)).toBe(allowed);
  });

  it('says who may do it instead, with the drafter by name', () => {
    expect(whoMay(d, profile, 'edit')).toBe(
      'Only the drafter (Ruth Bloomfield), a Drafting Officer or an admin can edit PCD 1065.',
    );
    expect(whoMay(d, profile, 'fund')).toBe(
      'Only the drafter (Ruth Bloomfield), a Drafting Officer or an admin can change the funding of PCD 1065.',
    );
    const refused = authorise(d, profile, asker(outsider.aadObjectId, ['finance']), 'submit');
    expect(refused.ok ? null : [refused.error.code, refused.error.message]).toEqual([
      'NOT_ALLOWED',
      'Only the drafter (Ruth Bloomfield), a Drafting Officer or an admin can submit PCD 1065.',
    ]);
  });

  it('follows the profile for submitting and withdrawing', () => {
    const strict = profileWith({ submitRoles: ['director'], withdrawRoles: [] });
    const officer = asker(outsider.aadObjectId, ['drafting-officer']);
    expect(mayAct(d, strict, officer, 'edit')).toBe(true);
    expect(mayAct(d, strict, officer, 'submit')).toBe(false);
    expect(mayAct(d, strict, asker(outsider.aadObjectId, ['director']), 'submit')).toBe(true);
    expect(mayAct(d, strict, officer, 'withdraw')).toBe(false);
    expect(mayAct(d, strict, asker(drafterId), 'withdraw')).toBe(true);
    expect(whoMay(d, strict, 'withdraw')).toBe('Only the drafter (Ruth Bloomfield) or an admin can withdraw PCD 1065.');
    expect(whoMay(d, strict, 'submit')).toBe(
      'Only the drafter (Ruth Bloomfield), a Director/Head of Service or an admin can submit PCD 1065.',
    );
  });

  it('is refused by every changing operation, which then changes nothing', () => {
    const by = { ...as(outsider), actorRoles: ['finance'] };
    const line = { id: '', service: 'New service', source: 'Core funding', allocations: [{ year: 2022, amount: 100 }] };
    const refusals = [
      updateDetails(d, profile, { ...by, title: 'Hijacked' }),
      updateDetails(inReview(), profile, { ...by, part1Deferral: null }),
      addFundingLine(d, profile, { ...by, line }),
      removeFundingLine(d, profile, { ...by, lineId: d.funding[0]!.id }),
      submit(d, profile, by),
      withdraw(d, profile, { ...by, reason: 'Mine now', isAdmin: false }),
    ].map((r) => refusal(r).code);
    expect(refusals).toEqual(Array(6).fill('NOT_ALLOWED'));
  });

  it('lets an admin and a drafting officer who did not draft it make changes', () => {
    expect(
      must(updateDetails(d, profile, { ...as(outsider), isAdmin: true, title: 'Retitled by an admin' })).decision.title,
    ).toBe('Retitled by an admin');
    expect(must(submit(d, profile, { ...as(outsider), actorRoles: ['drafting-officer'] })).decision.status).toBe(
      'in_review',
    );
  });
});

describe('who sees unpublished decisions', () => {
  const d = draft();

  it('admins, register roles and drafting roles see everything; others what is published and their own drafts', () => {
    expect(viewerScope(profile, asker(outsider.aadObjectId, [], true))).toEqual({ kind: 'all' });
    expect(viewerScope(profile, asker(outsider.aadObjectId, ['chief-executive']))).toEqual({ kind: 'all' });
    expect(viewerScope(profile, asker(outsider.aadObjectId, ['drafting-officer']))).toEqual({ kind: 'all' });
    const reviewer = viewerScope(profile, asker(outsider.aadObjectId, ['finance']));
    expect(reviewer).toEqual({ kind: 'published', viewerId: outsider.aadObjectId });
    expect(inScope(reviewer, d, false)).toBe(false);
    expect(inScope(reviewer, d, true)).toBe(true);
    expect(inScope(viewerScope(profile, asker(drafterId)), d, false)).toBe(true);
  });
});

describe('the profile fields', () => {
  it('are in both shipped profiles', () => {
    expect(glaProfile.draftingRoles).toEqual(['drafting-officer']);
    expect(glaProfile.registerRoles.length).toBeGreaterThan(0);
  });

  it.each(['draftingRoles', 'submitRoles', 'withdrawRoles', 'registerRoles'])(
    'refuse a %s role the profile does not have',
    (field) => {
      const parsed = governanceProfileSchema.safeParse({ ...profile, [field]: ['governance-team'] });
      expect(parsed.success ? null : parsed.error.issues[0]).toMatchObject({
        path: [field, 0],
        message: 'role "governance-team" is not among the profile\'s roles',
      });
    },
  );
});
