import fc from 'fast-check';
import { canonicalJson, GENESIS_HASH, hashEvent, linkEvent, linkEvents, verifyChain } from '../../domain/audit';
import { DomainError } from '../../domain/errors';
import type { AuditEvent, EventDraft, Provenance } from '../../domain/types';

const ruth: Provenance = {
  actor: { aadObjectId: '6f1c0e0a-0000-4000-8000-000000000001', name: 'Ruth Bloomfield' },
  at: '2021-11-15T10:00:00.000Z',
  conversationId: '19:decisions@thread.tacv2',
};

const drafts: EventDraft[] = [
  { type: 'decision.created', details: { title: 'Criminal Justice System - 2022/23 Commissioning Decisions' } },
  { type: 'funding.added', details: { line: 'gps-tagging', allocations: [{ year: 2022, amount: 90_000_000 }] } },
  { type: 'decision.submitted', details: {} },
  { type: 'declaration.ticked', details: { item: 'finance' } },
  { type: 'declaration.ticked', details: { item: 'legal' } },
];

const chain = (): AuditEvent[] => linkEvents(null, 'PCD 1065', drafts, ruth);

describe('canonicalJson', () => {
  it('sorts keys at every depth and leaves arrays in order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}',
    );
    expect(canonicalJson({ a: undefined, b: 'x' })).toBe('{"b":"x"}');
  });

  it('refuses what JSON cannot hold exactly', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(DomainError);
    expect(() => canonicalJson({ n: 1n })).toThrow(DomainError);
  });

  it('is the same for objects that differ only in key order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (value) => {
        const reversed = Object.fromEntries(Object.entries(value).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(value));
        expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });
});

describe('linkEvent', () => {
  it('starts at seq 1 from the genesis hash and links each event to the one before', () => {
    const events = chain();
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(events[0]?.prevHash).toBe(GENESIS_HASH);
    expect(GENESIS_HASH).toMatch(/^0{64}$/);
    for (let i = 1; i < events.length; i++) expect(events[i]?.prevHash).toBe(events[i - 1]?.hash);
    for (const e of events) expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(events[0]).toMatchObject({
      ref: 'PCD 1065',
      type: 'decision.created',
      actor: ruth.actor,
      at: ruth.at,
      conversationId: ruth.conversationId,
    });
  });

  it('hashes every other field, so the same input gives the same hash and a different one another', () => {
    const [first] = chain();
    expect(first?.hash).toBe(chain()[0]?.hash);
    expect(
      linkEvent(null, 'PCD 1065', drafts[0] as EventDraft, { ...ruth, at: '2021-11-15T10:00:01.000Z' }).hash,
    ).not.toBe(first?.hash);
    expect(
      linkEvent(null, 'PCD 1065', drafts[0] as EventDraft, { actor: ruth.actor, at: ruth.at }).conversationId,
    ).toBeNull();
  });

  it('continues a stored chain and refuses to join another decision onto it', () => {
    const events = chain();
    const last = events.at(-1) as AuditEvent;
    const more = linkEvents(last, 'PCD 1065', [{ type: 'declaration.ticked', details: { item: 'equalities' } }], ruth);
    expect(more[0]?.seq).toBe(6);
    expect(verifyChain([...events, ...more])).toEqual({ ok: true, count: 6 });
    expect(() => linkEvent(last, 'PCD 1066', drafts[0] as EventDraft, ruth)).toThrow(DomainError);
  });
});

describe('verifyChain', () => {
  it('accepts an untouched chain and an empty one', () => {
    expect(verifyChain(chain())).toEqual({ ok: true, count: 5 });
    expect(verifyChain([])).toEqual({ ok: true, count: 0 });
    const events = chain();
    expect(verifyChain(events, { count: 5, lastHash: events[4]?.hash as string })).toEqual({ ok: true, count: 5 });
  });

  it('names an edited event', () => {
    const events = chain();
    events[3] = { ...(events[3] as AuditEvent), details: { item: 'legal' } };
    expect(verifyChain(events)).toEqual({
      ok: false,
      brokenAt: 4,
      reason: 'event 4 was changed after it was recorded',
    });
  });

  it('names a deleted event', () => {
    const events = chain();
    events.splice(2, 1);
    expect(verifyChain(events)).toEqual({ ok: false, brokenAt: 3, reason: 'event 3 is missing or out of order' });
  });

  it('finds an edit whose hash was recomputed at the next link', () => {
    const events = chain();
    const forged = {
      ...(events[1] as AuditEvent),
      details: { line: 'gps-tagging', allocations: [{ year: 2022, amount: 1 }] },
    };
    events[1] = { ...forged, hash: hashEvent(forged) };
    expect(verifyChain(events)).toMatchObject({
      ok: false,
      brokenAt: 3,
      reason: expect.stringContaining('event 3 does not follow event 2'),
    });
  });

  it('finds a changed ref even on the last event with its hash recomputed', () => {
    const events = chain();
    const moved = { ...(events[4] as AuditEvent), ref: 'PCD 1066' };
    events[4] = { ...moved, hash: hashEvent(moved) };
    expect(verifyChain(events)).toEqual({
      ok: false,
      brokenAt: 5,
      reason: 'event 5 belongs to PCD 1066, not PCD 1065',
    });
  });

  it('needs the anchor to notice events dropped from the end', () => {
    const events = chain();
    const anchor = { count: 5, lastHash: events[4]?.hash as string };
    const shorter = events.slice(0, 3);
    expect(verifyChain(shorter)).toEqual({ ok: true, count: 3 });
    expect(verifyChain(shorter, anchor)).toMatchObject({ ok: false, brokenAt: 4 });
    expect(verifyChain([], anchor)).toMatchObject({ ok: false, brokenAt: 1 });
  });
});

// Property: for random chains and any single tampering, verify reports the first broken link.
const draftArb: fc.Arbitrary<EventDraft> = fc.record({
  type: fc.constantFrom('decision.created', 'declaration.ticked', 'signature.signed', 'funding.changed'),
  details: fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
});
const provenanceArb: fc.Arbitrary<Provenance> = fc.record({
  actor: fc.record({ aadObjectId: fc.uuid(), name: fc.string({ maxLength: 12 }) }),
  at: fc
    .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString()),
  conversationId: fc.option(fc.string({ maxLength: 10 }), { nil: undefined }),
});
const chainArb = fc
  .array(fc.tuple(draftArb, provenanceArb), { minLength: 1, maxLength: 12 })
  .map((steps) =>
    steps.reduce<AuditEvent[]>(
      (events, [draft, p]) => [...events, linkEvent(events.at(-1) ?? null, 'PCD 1065', draft, p)],
      [],
    ),
  );

const fields = ['ref', 'seq', 'type', 'details', 'actor', 'at', 'conversationId', 'prevHash', 'hash'] as const;
const changed = (event: AuditEvent, field: (typeof fields)[number]): AuditEvent => {
  const values: Record<(typeof fields)[number], unknown> = {
    ref: `${event.ref}x`,
    seq: event.seq + 1,
    type: `${event.type}x`,
    details: { ...event.details, tampered: true },
    actor: { ...event.actor, name: `${event.actor.name}x` },
    at: '1999-01-01T00:00:00.000Z',
    conversationId: `${event.conversationId ?? ''}x`,
    prevHash: 'f'.repeat(64),
    hash: 'e'.repeat(64),
  };
  return { ...event, [field]: values[field] };
};

describe('verifyChain properties', () => {
  it('accepts every untouched chain, with its anchor', () => {
    fc.assert(
      fc.property(chainArb, (events) => {
        expect(verifyChain(events, { count: events.length, lastHash: events.at(-1)?.hash as string })).toEqual({
          ok: true,
          count: events.length,
        });
      }),
    );
  });

  it('reports the edited event as the first broken link', () => {
    fc.assert(
      fc.property(chainArb, fc.nat(), fc.constantFrom(...fields), (events, pick, field) => {
        const k = pick % events.length;
        const tampered = [...events];
        tampered[k] = changed(events[k] as AuditEvent, field);
        expect(verifyChain(tampered)).toMatchObject({ ok: false, brokenAt: k + 1 });
      }),
    );
  });

  it('reports a re-hashed edit at the next link, or through the anchor at the end', () => {
    fc.assert(
      fc.property(
        chainArb,
        fc.nat(),
        fc.constantFrom('type', 'details', 'actor', 'at', 'conversationId'),
        (events, pick, field) => {
          const k = pick % events.length;
          const edited = changed(events[k] as AuditEvent, field as (typeof fields)[number]);
          const tampered = [...events];
          tampered[k] = { ...edited, hash: hashEvent(edited) };
          const anchor = { count: events.length, lastHash: events.at(-1)?.hash as string };
          expect(verifyChain(tampered, anchor)).toMatchObject({ ok: false, brokenAt: Math.min(k + 2, events.length) });
        },
      ),
    );
  });

  it('reports an inserted copy of an event where the order first breaks', () => {
    fc.assert(
      fc.property(chainArb, fc.nat(), fc.nat(), (events, pickCopy, pickAt) => {
        const j = pickCopy % events.length; // copy of the event at 0-based j (seq j + 1)
        const p = pickAt % (events.length + 1); // inserted at 0-based p
        const tampered = [...events.slice(0, p), events[j] as AuditEvent, ...events.slice(p)];
        expect(verifyChain(tampered)).toMatchObject({ ok: false, brokenAt: j === p ? p + 2 : p + 1 });
      }),
    );
  });

  it('reports a well-linked forged insertion at the event it displaced; a forged append needs the anchor', () => {
    fc.assert(
      fc.property(chainArb, fc.nat(), draftArb, provenanceArb, (events, pickAt, draft, p) => {
        const at = pickAt % (events.length + 1);
        const forged = linkEvent(at === 0 ? null : (events[at - 1] as AuditEvent), 'PCD 1065', draft, p);
        const tampered = [...events.slice(0, at), forged, ...events.slice(at)];
        const anchor = { count: events.length, lastHash: events.at(-1)?.hash as string };
        if (at === events.length) {
          expect(verifyChain(tampered)).toEqual({ ok: true, count: events.length + 1 });
          expect(verifyChain(tampered, anchor)).toMatchObject({ ok: false, brokenAt: events.length + 1 });
        } else {
          expect(verifyChain(tampered)).toMatchObject({ ok: false, brokenAt: at + 2 });
        }
      }),
    );
  });

  it('reports a deleted event where it was, or through the anchor at the end', () => {
    fc.assert(
      fc.property(chainArb, fc.nat(), (events, pick) => {
        const k = pick % events.length;
        const tampered = events.filter((_, i) => i !== k);
        const anchor = { count: events.length, lastHash: events.at(-1)?.hash as string };
        expect(verifyChain(tampered, anchor)).toMatchObject({ ok: false, brokenAt: k + 1 });
        if (k < events.length - 1) expect(verifyChain(tampered)).toMatchObject({ ok: false, brokenAt: k + 1 });
      }),
    );
  });

  it('reports swapped events at the first of them', () => {
    fc.assert(
      fc.property(
        chainArb.filter((events) => events.length >= 2),
        fc.nat(),
        fc.nat(),
        (events, a, b) => {
          const i = a % events.length;
          const j = b % events.length;
          fc.pre(i !== j);
          const tampered = [...events];
          tampered[i] = events[j] as AuditEvent;
          tampered[j] = events[i] as AuditEvent;
          expect(verifyChain(tampered)).toMatchObject({ ok: false, brokenAt: Math.min(i, j) + 1 });
        },
      ),
    );
  });
});
