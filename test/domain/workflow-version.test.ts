/** When a card is stale: after a change of content or stage, not after other reviewers' ticks. */
import { checkVersion, updateDetails } from '../../domain/workflow';
import { as, inReview, must, people, profile, ticked } from './workflow-support';

test('a card from before submission is stale once the decision is in review', () => {
  const d = inReview();
  expect(checkVersion(d, d.version).ok).toBe(true);
  const before = checkVersion(d, d.version - 1);
  expect(before.ok).toBe(false);
  if (!before.ok) expect(before.error.code).toBe('STALE_VERSION');
});

test('a card that only missed other reviewers ticks still works', () => {
  const d = inReview();
  const later = ticked(d, ['legal', 'equalities']);
  expect(later.version).toBe(d.version + 2);
  expect(later.stageVersion).toBe(d.version);
  expect(checkVersion(later, d.version).ok).toBe(true);
});

test('a change of substance makes every earlier card stale', () => {
  const d = ticked(inReview(), ['legal']);
  const edited = must(updateDetails(d, profile, { ...as(people.draftingOfficer), summary: 'A new summary.' })).decision;
  expect(edited.stageVersion).toBe(edited.version);
  expect(checkVersion(edited, d.version).ok).toBe(false);
  expect(checkVersion(edited, edited.version).ok).toBe(true);
});

test('a version that never existed is refused', () => {
  const d = inReview();
  expect(checkVersion(d, d.version + 1).ok).toBe(false);
  expect(checkVersion(d, 0).ok).toBe(false);
});
