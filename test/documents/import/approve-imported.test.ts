import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  recordImportedAsApproved,
  RECORDED_AS_APPROVED_EVENT,
  signaturesOf,
} from '../../../documents/import/approve-imported';
import { parseDecisionDocument } from '../../../documents/import/parse-decision';
import { importedDecision } from '../../../documents/import/to-decision';
import { mopacProfile } from '../../fixtures/profiles';
import { seedDecision } from '../../fixtures/seed-decision';

const seed = readFileSync(path.resolve(__dirname, '../../fixtures/PCD-1065.md'), 'utf8');
const actor = { aadObjectId: '00000000-0000-4000-8000-000000000999', name: 'Import Officer' };
const importedAt = '2026-11-25T20:00:00.000Z';
const later = '2026-11-25T20:05:00.000Z';
const parsed = parseDecisionDocument(seed, mopacProfile);
const draft = importedDecision(parsed, mopacProfile, { actor, now: importedAt, asApproved: false }).decision;
const signatures = parsed.signatures;

describe('recordImportedAsApproved', () => {
  it('gives exactly what `import approved` would have recorded, one version on', () => {
    const direct = importedDecision(parsed, mopacProfile, { actor, now: importedAt, asApproved: true }).decision;
    const result = recordImportedAsApproved(draft, signatures, mopacProfile, later);
    if (!result.ok) throw result.error;
    const { decision, events } = result.value;
    expect(decision).toEqual({ ...direct, version: 2, stageVersion: 2, updatedAt: later });
    expect(events).toEqual([
      {
        type: RECORDED_AS_APPROVED_EVENT,
        details: expect.objectContaining({
          imported: true,
          approvedAt: '2021-11-26T00:00:00.000Z',
          decisionMakerRole: 'dmpc',
        }),
      },
    ]);
  });

  it('refuses a decision drafted here, one no longer a draft, one changed since, and a document not signed', () => {
    const refusal = (r: ReturnType<typeof recordImportedAsApproved>) => (r.ok ? 'ok' : r.error.message);
    expect(refusal(recordImportedAsApproved({ ...draft, imported: false }, signatures, mopacProfile, later))).toMatch(
      /drafted here, not imported/,
    );
    expect(
      refusal(recordImportedAsApproved({ ...draft, status: 'in_review' }, signatures, mopacProfile, later)),
    ).toMatch(/no longer a draft/);
    expect(refusal(recordImportedAsApproved({ ...draft, version: 3 }, signatures, mopacProfile, later))).toMatch(
      /has changed since it was imported/,
    );
    expect(
      refusal(
        recordImportedAsApproved(
          draft,
          signatures.filter((s) => s.key !== 'decision-maker'),
          mopacProfile,
          later,
        ),
      ),
    ).toMatch(/no dated decision maker's signature/);
    expect(
      refusal(
        recordImportedAsApproved(
          seedDecision({ status: 'draft', imported: true, version: 1 }),
          signatures,
          mopacProfile,
          later,
        ),
      ),
    ).toBe('ok');
  });
});

describe('signaturesOf', () => {
  it('reads the signatures an import event recorded, dropping anything malformed', () => {
    expect(
      signaturesOf({
        signatures: [
          { key: 'decision-maker', date: '2021-11-26' },
          { key: 'someone', date: '2021-11-26' },
          { key: 'chief-executive', date: 'yesterday' },
          null,
        ],
      }),
    ).toEqual([{ key: 'decision-maker', date: '2021-11-26' }]);
    expect(signaturesOf({})).toEqual([]);
  });
});
