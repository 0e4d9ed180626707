import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '../../app/config';
import { builtInProfilePath, loadProfile } from '../../app/profile-loader';

const mopacJson = fs.readFileSync(path.join(__dirname, '..', '..', 'profiles', 'mopac.json'), 'utf8');

describe('loadProfile', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'profile-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string): string => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  const failure = (file: string): ConfigError => {
    try {
      loadProfile(file);
    } catch (e) {
      if (e instanceof ConfigError) return e;
      throw e;
    }
    throw new Error('expected a ConfigError');
  };

  it('loads the built-in MOPAC profile without a path', () => {
    expect(builtInProfilePath()).toBe(path.resolve(__dirname, '..', '..', 'profiles', 'mopac.json'));
    expect(loadProfile().id).toBe('mopac');
    expect(loadProfile(builtInProfilePath('gla')).id).toBe('gla');
  });

  it('loads a copy from any path, with a byte-order mark', () => {
    expect(loadProfile(write('bom.json', `\uFEFF${mopacJson}`)).reference.prefix).toBe('PCD');
  });

  it('names the file and the role that is not among the roles', () => {
    const profile = JSON.parse(mopacJson);
    profile.declarations[2].role = 'lawyer';
    const file = write('p.json', JSON.stringify(profile));
    const error = failure(file);
    expect(error.variable).toBe('GOVERNANCE_PROFILE');
    expect(error.message).toBe(
      `GOVERNANCE_PROFILE ${file}: declarations.2.role: role "lawyer" is not among the profile's roles`,
    );
  });

  it('reports the first problem of several on one line', () => {
    const profile = JSON.parse(mopacJson);
    delete profile.reference.prefix;
    profile.reminders.hour = 25;
    const error = failure(write('two.json', JSON.stringify(profile)));
    expect(error.message).toMatch(/: reference\.prefix: Required \(and 1 more problem\)$/);
    expect(error.message).not.toMatch(/\n/);
  });

  it('says when the file is missing, a directory, or not JSON', () => {
    const missing = path.join(dir, 'nope.json');
    expect(failure(missing).message).toBe(
      `GOVERNANCE_PROFILE ${missing}: file not found; set it to the path of a profile JSON such as profiles/gla.json, or leave it empty for MOPAC`,
    );
    expect(failure(dir).message).toBe(`GOVERNANCE_PROFILE ${dir}: is a directory, not a profile JSON file`);
    const broken = write('broken.json', '{ "id": "mopac",\n');
    const error = failure(broken);
    expect(error.message).toMatch(new RegExp(`^GOVERNANCE_PROFILE ${broken}: not valid JSON \\(.+\\)$`));
    expect(error.message).not.toMatch(/\n/);
  });
});
