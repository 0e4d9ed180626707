import { reminderCard, type ReminderLine } from '../../cards/reminder-card';
import { mopacProfile } from '../fixtures/profiles';
import { allActions, CARD_BUDGET_BYTES, cardBytes, schemaErrors, unexpanded } from './card-schema';
import { states } from './decision-states';

type Json = Record<string, unknown>;
const decision = states.approved;
const gps: ReminderLine = {
  lineId: 'gps-tagging',
  service: 'GPS Tagging',
  source: 'Core funding',
  lastYear: 2022,
  amount: 90_000_000,
  endDate: '2023-03-31',
  monthsLeft: 6,
};
const mappa: ReminderLine = {
  lineId: 'mappa',
  service: 'MAPPA',
  source: 'Police Grant',
  lastYear: 2022,
  amount: 4_000_000,
  endDate: '2023-03-31',
  monthsLeft: 6,
};
const card = (over: Partial<Parameters<typeof reminderCard>[0]> = {}) =>
  reminderCard({ decision, profile: mopacProfile, lines: [gps, mappa], stage: 6, escalation: false, ...over });
const texts = (node: unknown): string[] =>
  (JSON.stringify(node).match(/"text":"((?:[^"\\]|\\.)*)"/g) ?? []).map((t) => JSON.parse(t.slice(7)) as string);

const variants: [string, Json][] = [
  ['six-month reminder', card()],
  ['three-month escalation', card({ stage: 3, escalation: true, lines: [{ ...gps, monthsLeft: 3 }] })],
  ['one-month escalation', card({ stage: 1, escalation: true, lines: [{ ...gps, monthsLeft: 1 }] })],
  [
    'renewed',
    card({
      resolved: { outcome: 'renewed', by: 'Ruth Bloomfield', at: '2022-09-30T08:30:00.000Z', renewalRef: 'PCD 1203' },
    }),
  ],
  [
    'ended',
    card({
      resolved: {
        outcome: 'ended',
        by: 'Ruth Bloomfield',
        at: '2022-10-03T09:00:00.000Z',
        reason: 'The pilot has finished.',
      },
    }),
  ],
];

describe('reminder card', () => {
  for (const [name, c] of variants) {
    it(`${name}: valid Adaptive Card 1.5, under the card budget, fully expanded, as in the snapshot`, () => {
      expect(schemaErrors(c)).toEqual([]);
      expect(cardBytes(c)).toBeLessThan(CARD_BUDGET_BYTES);
      expect(unexpanded(c)).toEqual([]);
      expect(c).toMatchSnapshot();
    });
  }

  it('says when the funding ends, with each line, its last year, amount and end date', () => {
    const all = texts(card());
    expect(all).toContain('Funding ends in 6 months');
    expect(all).toEqual(
      expect.arrayContaining([
        'GPS Tagging',
        'Core funding',
        '2022/23',
        '£900,000',
        '31 Mar 2023',
        '6 months left',
        'MAPPA',
        '£40,000',
      ]),
    );
    expect(all).toContain("Mayor's Office for Policing and Crime · PCD 1065");
  });

  it('marks an escalation as attention', () => {
    const c = card({ stage: 1, escalation: true, lines: [{ ...gps, monthsLeft: 1 }] });
    expect(texts(c)).toContain('Escalation: funding ends in 1 month');
    expect((c.body as Json[])[0]?.style).toBe('attention');
    expect((card().body as Json[])[0]?.style).toBe('warning');
  });

  it('offers funding.renew and funding.end (with a required reason) for the lines, each with an Action.Submit fallback', () => {
    const [renew, end] = card().actions as Json[];
    const lineIds = ['gps-tagging', 'mappa'];
    expect(renew).toEqual(
      expect.objectContaining({
        type: 'Action.Execute',
        title: 'Start a renewal',
        verb: 'funding.renew',
        data: { verb: 'funding.renew', ref: 'PCD 1065', lineIds },
      }),
    );
    expect(renew?.fallback).toEqual(
      expect.objectContaining({
        type: 'Action.Submit',
        title: 'Start a renewal',
        data: { verb: 'funding.renew', ref: 'PCD 1065', lineIds },
      }),
    );
    expect(end).toEqual(expect.objectContaining({ type: 'Action.ShowCard', title: 'Record that funding ends' }));
    const inner = end?.card as Json;
    expect((inner.body as Json[])[0]).toEqual(
      expect.objectContaining({ type: 'Input.Text', id: 'reason', isRequired: true, errorMessage: expect.any(String) }),
    );
    expect((inner.actions as Json[])[0]).toEqual(
      expect.objectContaining({
        type: 'Action.Execute',
        verb: 'funding.end',
        data: { verb: 'funding.end', ref: 'PCD 1065', lineIds },
      }),
    );
  });

  it('shows the outcome and no buttons once resolved', () => {
    const renewed = variants[3]?.[1];
    expect(allActions(renewed)).toEqual([]);
    expect(texts(renewed)).toContain('Renewal started as PCD 1203 by Ruth Bloomfield on 30 Sep 2022 09:30.');
    const ended = variants[4]?.[1];
    expect(allActions(ended)).toEqual([]);
    expect(texts(ended)).toContain(
      'Recorded that the funding ends, by Ruth Bloomfield on 3 Oct 2022 10:00: The pilot has finished.',
    );
  });
});
