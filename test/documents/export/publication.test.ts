import { publicationState } from '../../../documents/export/publication';
import { UNKNOWN_DEFERRAL_DATE } from '../../../documents/import/to-decision';
import { seedDecision } from '../../fixtures/seed-decision';

describe('publicationState', () => {
  it('publishes Part 1 on the day of approval when it is not deferred', () => {
    expect(publicationState(seedDecision(), '2021-11-26')).toEqual({ published: true, on: '2021-11-26' });
  });

  it('publishes nothing that is not approved', () => {
    for (const status of [
      'draft',
      'in_review',
      'awaiting_chief_executive',
      'awaiting_decision_maker',
      'rejected',
      'withdrawn',
    ] as const) {
      const state = publicationState(seedDecision({ status, approvedAt: null }), '2030-01-01');
      expect(state).toEqual({
        published: false,
        on: null,
        reason: 'PCD 1065 is not approved, so Part 1 is not published.',
      });
    }
  });

  it('holds a deferred Part 1 until its date, with the reason, and publishes it on that day', () => {
    const deferred = seedDecision({
      part1Deferral: { until: '2022-04-01', reason: 'Contract negotiations are ongoing.' },
    });
    expect(publicationState(deferred, '2022-03-31')).toEqual({
      published: false,
      on: '2022-04-01',
      reason: 'Publication of Part 1 is deferred until 1 April 2022: Contract negotiations are ongoing.',
    });
    expect(publicationState(deferred, '2022-04-01')).toEqual({ published: true, on: '2022-04-01' });
  });

  it('publishes at approval when the deferral date had already passed', () => {
    const deferred = seedDecision({ part1Deferral: { until: '2021-01-01', reason: 'Past' } });
    expect(publicationState(deferred, '2021-11-26')).toEqual({ published: true, on: '2021-11-26' });
  });

  it("places the approval instant on its day in the profile's zone (23:30 UTC in summer is the next day in London)", () => {
    const lateSummer = seedDecision({ approvedAt: '2022-06-30T23:30:00.000Z' });
    expect(publicationState(lateSummer, '2022-07-01')).toEqual({ published: true, on: '2022-07-01' });
    expect(publicationState(lateSummer, '2022-07-01', 'UTC')).toEqual({ published: true, on: '2022-06-30' });
  });

  it('never publishes a deferral whose date is not set', () => {
    const held = seedDecision({ part1Deferral: { until: UNKNOWN_DEFERRAL_DATE, reason: 'Unreadable date' } });
    expect(publicationState(held, '2099-12-31')).toMatchObject({ published: false, on: null });
  });
});
