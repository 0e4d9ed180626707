/** The Playground's cast: the committed YAML matches it, and every MOPAC role has a holder. */
import fs from 'node:fs';
import path from 'node:path';
import { admin, castYaml, findPerson, holderOf, people, roleAssignments } from '../../scripts/playground/cast';
import { roleCommandActivity } from '../../scripts/playground/seed-roles';
import { loadConfig } from '../../app/config';
import { loadProfile } from '../../app/profile-loader';

const yamlPath = path.join(__dirname, '..', '..', '.m365agentsplayground.yml');

describe('the Playground cast', () => {
  test('.m365agentsplayground.yml is castYaml() (regenerate it from scripts/playground/cast.ts)', () => {
    expect(fs.readFileSync(yamlPath, 'utf8')).toBe(castYaml());
  });

  test('currentUser plus exactly 5 users, with unique ids, as the Playground requires', () => {
    expect(people).toHaveLength(6);
    expect(new Set(people.map((p) => p.id)).size).toBe(6);
    expect(new Set(people.map((p) => p.aadObjectId)).size).toBe(6);
    const yaml = castYaml();
    expect(yaml.match(/^ {2}- \{ id: /gm)).toHaveLength(5);
    expect(yaml).toContain(`currentUser: { id: "${admin.id}"`);
  });

  test('every MOPAC role is held by exactly one person, and every held role exists', () => {
    const roles = loadProfile().roles.map((r) => r.key);
    expect(roleAssignments.map((a) => a.role).sort()).toEqual([...roles].sort());
    for (const role of roles) expect(holderOf(role).roles).toContain(role);
  });

  test('the aadObjectIds are accepted by the bot as ADMINS', () => {
    const config = loadConfig({ ADMINS: people.map((p) => p.aadObjectId).join(',') });
    expect(config.admins).toEqual(people.map((p) => p.aadObjectId));
  });

  test('castYaml(person) makes that person currentUser and keeps the other five as users', () => {
    const fiona = findPerson('fiona')!;
    const yaml = castYaml(fiona);
    expect(yaml).toContain(`currentUser: { id: "${fiona.id}"`);
    for (const other of people.filter((p) => p !== fiona)) expect(yaml).toContain(`  - { id: "${other.id}"`);
  });

  test('findPerson knows people by key, Teams id, AAD object id and name', () => {
    const lee = people[2]!;
    for (const handle of [lee.key, lee.id, lee.aadObjectId, 'LEE LEGAL']) expect(findPerson(handle)).toBe(lee);
    expect(findPerson('nobody')).toBeUndefined();
  });

  test('a seeded role command is a channel message from the admin mentioning the bot and the person', () => {
    const template = {
      conversation: { id: 'team-mopac-id', conversationType: 'channel' },
      serviceUrl: 'http://localhost:1/_connector',
    };
    const fiona = findPerson('fiona')!;
    const activity = roleCommandActivity(template, 'finance', fiona);
    expect(activity).toMatchObject({
      type: 'message',
      text: '<at>Decision Tracker</at> role finance <at>Fiona Finance</at>',
      from: { id: admin.id, aadObjectId: admin.aadObjectId },
      conversation: template.conversation,
      serviceUrl: template.serviceUrl,
    });
    expect(activity.entities).toEqual([
      expect.objectContaining({ type: 'mention', mentioned: expect.objectContaining({ name: 'Decision Tracker' }) }),
      { type: 'mention', mentioned: { id: fiona.id, name: 'Fiona Finance' }, text: '<at>Fiona Finance</at>' },
    ]);
  });
});
