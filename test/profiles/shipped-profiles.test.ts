/** The shipped profiles load through the schema, and MOPAC's declaration matches the seed form. */
import fs from 'node:fs';
import path from 'node:path';
import { loadProfile } from '../../app/profile-loader';

const root = path.join(__dirname, '..', '..');
const mopac = loadProfile(path.join(root, 'profiles', 'mopac.json'));
const gla = loadProfile(path.join(root, 'profiles', 'gla.json'));

/** The seed form (a copy of the published PCD 1065) with its tick marks, bullets and markup removed. */
const seedText = (): string =>
  fs
    .readFileSync(path.join(root, 'test', 'fixtures', 'PCD-1065.md'), 'utf8')
    .replace(/<i>.*?<\/i>/g, ' ')
    .replace(/[å•✓]/g, ' ')
    .replace(/\s+/g, ' ');

/** The originating officer declaration block of the seed. */
const seedDeclaration = (): string => {
  const text = seedText();
  const start = text.indexOf('ORIGINATING OFFICER DECLARATION');
  const end = text.indexOf('Chief Executive Officer', start);
  expect(start).toBeGreaterThan(0);
  return text.slice(start, end);
};

describe('profiles/mopac.json', () => {
  it("has the brief's roles and the seed's eight items in order, each ticked by its role", () => {
    expect(mopac.roles.map((r) => r.key)).toEqual([
      'finance',
      'legal',
      'equalities',
      'public-health',
      'commercial',
      'data-protection',
      'drafting-officer',
      'director',
      'chief-executive',
      'dmpc',
      'director-commissioning',
    ]);
    expect(mopac.declarations.map((d) => [d.title, d.role])).toEqual([
      ['Financial Advice', 'finance'],
      ['Legal Advice', 'legal'],
      ['Equalities Advice', 'equalities'],
      ['Public Health Approach', 'public-health'],
      ['Commercial Issues', 'commercial'],
      ['GDPR/Data Privacy', 'data-protection'],
      ['Drafting Officer', 'drafting-officer'],
      ['Director/Head of Service', 'director'],
    ]);
  });

  it("words each item exactly as the seed does, in the seed's order (the drafting officer unnamed)", () => {
    const seed = seedDeclaration()
      .replace(/^ORIGINATING OFFICER DECLARATION Tick to confirm statement \( \) /, '')
      .replace(/ ## $/, '')
      // The form prints this one title with a colon; the officer is named on the form, generic in the profile.
      .replace('Equalities Advice:', 'Equalities Advice')
      .replace('Ruth Bloomfield has drafted', 'The drafting officer has drafted');
    expect(mopac.declarations.map((d) => `${d.title} ${d.statement}`).join(' ')).toBe(seed);
    expect(mopac.declarations.find((d) => d.key === 'drafting-officer')!.statement).toBe(
      'The drafting officer has drafted this report in accordance with MOPAC procedures.',
    );
  });

  it("carries the seed's signature statements", () => {
    const text = seedText();
    const [ceo, dm] = mopac.signatures;
    expect(ceo).toMatchObject({ key: 'chief-executive', role: 'chief-executive', interestStatement: null });
    expect(text).toContain(`Chief Executive Officer ${ceo!.statement}`);
    expect(dm).toMatchObject({ key: 'decision-maker', role: null, statement: 'The above request has my approval.' });
    expect(text).toContain(`${dm!.interestStatement} ${dm!.statement}`);
  });

  it('vouches for the parts of the decision each role reviews', () => {
    const affected = Object.fromEntries(mopac.declarations.map((d) => [d.key, [...d.affectedBy].sort()]));
    expect(affected).toEqual({
      finance: ['funding', 'recommendations'],
      commercial: ['funding', 'recommendations'],
      legal: ['recommendations', 'summary'],
      equalities: ['recommendations', 'summary'],
      'public-health': ['recommendations', 'summary'],
      'data-protection': ['recommendations', 'summary'],
      'drafting-officer': ['funding', 'recommendations', 'summary', 'title'],
      director: ['funding', 'recommendations', 'summary', 'title'],
    });
  });

  it('has the MOPAC scheme of delegation, year, zone and reminders', () => {
    expect(mopac).toMatchObject({
      id: 'mopac',
      body: "Mayor's Office for Policing and Crime",
      reference: { prefix: 'PCD', firstNumber: 1066 },
      delegation: [
        { role: 'dmpc', minimum: 50000000, inclusive: true },
        { role: 'director-commissioning', minimum: 0, inclusive: true },
      ],
      financialYearStart: { month: 4, day: 1 },
      timeZone: 'Europe/London',
      reminders: {
        stagesMonths: [6, 3, 1],
        hour: 9,
        managerRoles: ['drafting-officer', 'director'],
        escalationRole: 'director',
      },
    });
  });
});

describe('profiles/gla.json', () => {
  it('has the GLA scheme of delegation with exclusive thresholds', () => {
    expect(gla.reference.prefix).toBe('MD');
    expect(gla.delegation).toEqual([
      { role: 'mayor', minimum: 15000000, inclusive: false },
      { role: 'executive-director', minimum: 5000000, inclusive: false },
      { role: 'assistant-director', minimum: 1000000, inclusive: false },
      { role: 'manager', minimum: 0, inclusive: true },
    ]);
    for (const role of [
      'mayor',
      'executive-director',
      'assistant-director',
      'manager',
      'finance',
      'legal',
      'chief-officer',
    ])
      expect(gla.roles.map((r) => r.key)).toContain(role);
  });

  it('has declaration items and both signatures', () => {
    expect(gla.declarations.length).toBeGreaterThanOrEqual(4);
    expect(new Set(gla.declarations.map((d) => d.key)).size).toBe(gla.declarations.length);
    expect(gla.signatures.map((s) => [s.key, s.role])).toEqual([
      ['chief-executive', 'chief-officer'],
      ['decision-maker', null],
    ]);
    expect(gla.signatures[1]!.interestStatement).toMatch(/interests/);
  });
});
