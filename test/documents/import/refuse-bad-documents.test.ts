/**
 * Documents that are not decisions get a clear reply and no draft: each is refused by
 * readDocumentFile / readPastedText, or, when it passes as text, by importedDecision before
 * anything is made.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DomainError, ErrorCode } from '../../../domain/errors';
import { parseDecisionDocument } from '../../../documents/import/parse-decision';
import { ACCEPTED, readDocumentFile, readPastedText } from '../../../documents/import/read-document';
import { importedDecision } from '../../../documents/import/to-decision';
import { mopacProfile } from '../../fixtures/profiles';

const actor = { aadObjectId: '00000000-0000-4000-8000-000000000999', name: 'Import Officer' };
const recipe = readFileSync(path.resolve(__dirname, '../../fixtures/import-layouts/unrelated-recipe.txt'));
const heading = 'DMPC Decision – PCD 1300\nTitle: Big\nExecutive Summary:\n';
const sixMegabytes = `${heading}${'a'.repeat(6 * 1024 * 1024 - Buffer.byteLength(heading))}`;

describe('refusing what is not a decision', () => {
  it.each([
    ['empty.txt', Buffer.alloc(0), `"empty.txt" is empty; send ${ACCEPTED}.`],
    ['blank.md', Buffer.from(' \r\n\t\n'), `"blank.md" has no text in it; send ${ACCEPTED}.`],
    [
      'junk.txt',
      Buffer.from([0x00, 0xff, 0x10, 0x80, 0x00, 0x7f]),
      `"junk.txt" is a binary file, not text; send ${ACCEPTED}.`,
    ],
    [
      'latin1.txt',
      Buffer.from([0x44, 0x4d, 0x50, 0x43, 0xa3, 0x35]),
      `"latin1.txt" is not UTF-8 text; save it as UTF-8 and send ${ACCEPTED}.`,
    ],
    [
      'junk.docx',
      Buffer.from('PK\u0003\u0004 not really a zip'),
      `"junk.docx" could not be opened as a Word document; send ${ACCEPTED}.`,
    ],
    ['huge.txt', Buffer.from(sixMegabytes), `"huge.txt" is 6.0 MB, more than the 5 MB I accept; send ${ACCEPTED}.`],
  ])('refuses %s', async (name, bytes, error) => {
    expect(await readDocumentFile(name, bytes, ['PCD'])).toEqual({ error });
  });

  it('refuses 6 MB of pasted text', () => {
    expect(readPastedText(sixMegabytes)).toEqual({
      error: `The pasted text is more than the 5 MB I accept; send ${ACCEPTED}.`,
    });
  });

  it('refuses an unrelated document: a recipe with a "Title:" and a "Recommendation:" is read, but makes no draft', async () => {
    const read = await readDocumentFile('unrelated-recipe.txt', recipe, ['PCD']);
    if ('error' in read) throw new Error(read.error);
    const parsed = parseDecisionDocument(read.text, mopacProfile);
    expect(parsed.ref).toBeNull();
    expect(parsed.funding).toEqual([]);
    const attempt = () =>
      importedDecision(parsed, mopacProfile, { actor, now: '2026-11-25T20:00:00.000Z', asApproved: false });
    expect(attempt).toThrow(DomainError);
    expect(attempt).toThrow(
      'The document has no decision reference (such as "DMPC Decision – PCD 1065"), so it cannot be imported.',
    );
    try {
      attempt();
    } catch (e) {
      expect((e as DomainError).code).toBe(ErrorCode.InvalidInput);
    }
  });

  it('refuses prose with no part of a decision form', () => {
    expect(readPastedText('Dear all,\n\nThe kitchen will be closed on Friday for cleaning.\n\nThanks')).toEqual({
      error: `The pasted text does not read as a decision (no reference such as "PCD 1065" and no title, executive summary, recommendations or funding table); send ${ACCEPTED}.`,
    });
  });
});
