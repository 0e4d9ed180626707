/** The signed decision maker's block shows the declaration of interest once, then the approval. */
import { decisionCard } from '../../cards/decision-card';
import { approved, profile } from '../domain/workflow-support';

test('the approved card prints the declaration of interest once', () => {
  const spec = profile.signatures.find((s) => s.key === 'decision-maker')!;
  const json = JSON.stringify(decisionCard({ decision: approved(), profile, holders: [], viewer: null }));
  const firstWords = JSON.stringify(spec.interestStatement!.slice(0, 40)).slice(1, -1);
  expect(json.split(firstWords)).toHaveLength(2);
  expect(json).toContain(JSON.stringify(spec.statement).slice(1, -1));
});
