import { describeEvent } from '../../domain/describe-event';
import { mopacProfile } from '../fixtures/profiles';

test('history sentences name services, items, roles, amounts and renewals', () => {
  const line = { service: 'GPS Tagging', source: 'Core funding' };
  expect(describeEvent(mopacProfile, 'funding.line_added', { line, lineTotal: 90_000_000 })).toBe(
    'added funding line GPS Tagging (£900,000)',
  );
  expect(describeEvent(mopacProfile, 'declaration.ticked', { item: mopacProfile.declarations[0]!.key })).toBe(
    `ticked ${mopacProfile.declarations[0]!.title}`,
  );
  expect(describeEvent(mopacProfile, 'decision.submitted', { total: 374_000_000, decisionMakerRole: 'dmpc' })).toMatch(
    /£3,740,000, decision maker .+/,
  );
  const lines = [
    { id: 'mappa', service: 'MAPPA' },
    { id: 'gps-tagging', service: 'GPS Tagging' },
    { id: 'drug-testing-in-police-custody', service: 'Drug Testing in Police Custody' },
  ];
  expect(
    describeEvent(
      mopacProfile,
      'funding.outcome_recorded',
      { lineIds: ['gps-tagging'], outcome: 'renewed', renewalRef: 'PCD 1200' },
      lines,
    ),
  ).toBe('recorded that the funding for GPS Tagging is renewed by PCD 1200');
  expect(
    describeEvent(
      mopacProfile,
      'funding.outcome_recorded',
      {
        lineIds: ['drug-testing-in-police-custody', 'mappa', 'gps-tagging'],
        outcome: 'ended',
        reason: 'Service closed',
      },
      lines,
    ),
  ).toBe('recorded that the funding for Drug Testing in Police Custody, MAPPA and GPS Tagging ends: Service closed');
  // A line no longer on the decision is still named, by its id.
  expect(
    describeEvent(mopacProfile, 'funding.outcome_recorded', {
      lineIds: ['youth-work'],
      outcome: 'ended',
      reason: 'Closed',
    }),
  ).toBe('recorded that the funding for youth-work ends: Closed');
  expect(
    describeEvent(mopacProfile, 'decision.imported', { source: 'PCD-1065.md', status: 'draft', total: 374_000_000 }),
  ).toBe('imported it from PCD-1065.md as a draft: £3,740,000');
  expect(describeEvent(mopacProfile, 'something.new', {})).toBe('something.new');
});
