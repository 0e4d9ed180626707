/**
 * Fuzzing /api/messages with bodies that are not small JSON activities (issue 17): multipart,
 * binary, compressed, chunked and oversized bodies are refused with 413/415/400 before they are
 * read, leave nothing behind in the temp folder, and change nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { loadProfile } from '../../app/profile-loader';
import { MAX_ACTIVITY_BYTES } from '../../app/activity-body';
import { startHarness, type Harness } from '../support/bot-harness';
import { multipartBody, rawRequest } from '../support/raw-post';
import { TENANT } from '../support/teams-activities';
import { admin, assignRoles, createInReview, drafter, outsider, reviewerTeam, snapshot } from './decisions';
import { scale, timeoutMs } from './scale';

const profile = loadProfile();
const team = reviewerTeam(profile);
let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    people: [admin, drafter, outsider, ...team.map((t) => t.who)],
    admins: [admin],
    allowedTenants: [TENANT],
  });
  const now = new Date().toISOString();
  await assignRoles(h.store, team, now);
  await createInReview(h.store, profile, 'PCD 8000', now);
});
afterAll(async () => h.close());

/** A body that is not a small JSON activity, with the headers an attacker would send it with. */
const hostileBody = fc.oneof(
  fc.integer({ min: 0, max: 1024 * 1024 }).map((n) => ({ what: 'multipart', ...multipartBody(n), expected: 415 })),
  fc.uint8Array({ maxLength: 4096 }).map((bytes) => ({
    what: 'binary',
    body: Buffer.from(bytes),
    contentType: 'application/octet-stream',
    expected: 415,
  })),
  fc.uint8Array({ maxLength: 4096 }).map((bytes) => ({
    what: 'binary as JSON',
    body: Buffer.concat([Buffer.from([0xff]), Buffer.from(bytes)]),
    contentType: 'application/json',
    expected: 400,
  })),
  fc.integer({ min: MAX_ACTIVITY_BYTES + 1, max: 3 * MAX_ACTIVITY_BYTES }).map((n) => ({
    what: 'oversized JSON',
    body: Buffer.from(JSON.stringify({ type: 'message', text: 'x'.repeat(n) })),
    contentType: 'application/json',
    expected: 413,
  })),
  fc
    .constantFrom(
      'text/plain',
      'application/xml',
      'application/json; charset=latin1',
      'image/png',
      'application/x-www-form-urlencoded',
      '',
    )
    .map((contentType) => ({
      what: 'another type',
      body: Buffer.from('{"type":"message"}'),
      contentType,
      expected: 415,
    })),
);

test(
  `${scale.fuzzInputs / 10} raw hostile bodies (multipart, binary, chunked, oversized): refused, nothing on disk, nothing changed`,
  async () => {
    const uploads = () =>
      fs
        .readdirSync(os.tmpdir())
        .filter((name) => /^upload_/.test(name) && fs.statSync(path.join(os.tmpdir(), name)).mtimeMs >= started);
    const started = Date.now();
    const before = await snapshot(h.store);
    await fc.assert(
      fc.asyncProperty(hostileBody, fc.boolean(), async (attack, chunked) => {
        const headers: Record<string, string> = chunked
          ? { 'transfer-encoding': 'chunked' }
          : { 'content-length': String(attack.body.length) };
        if (attack.contentType) headers['content-type'] = attack.contentType;
        const answer = await rawRequest(`${h.server.url}/api/messages`, { headers, body: attack.body });
        expect({ what: attack.what, chunked, status: answer.status }).toEqual({
          what: attack.what,
          chunked,
          status: attack.expected,
        });
      }),
      { numRuns: scale.fuzzInputs / 10 },
    );
    expect(uploads()).toEqual([]);
    expect(await snapshot(h.store)).toBe(before);
    expect((await fetch(`${h.server.url}/healthz`)).status).toBe(200);
  },
  timeoutMs(100, scale.fuzzInputs / 10),
);
