/**
 * Reads a governance profile JSON file and validates it with governanceProfileSchema. Every
 * failure is a ConfigError on GOVERNANCE_PROFILE whose one-line message names the file and the
 * first problem, e.g. `GOVERNANCE_PROFILE /x/p.json: declarations.2.role: role "lawyer" is not
 * among the profile's roles`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { governanceProfileSchema, type GovernanceProfile } from '../domain/profile';
import { ConfigError, oneLine } from './config-error';

/** The shipped profiles live in profiles/ at the project root (from app/ or dist/app/). */
export function builtInProfilePath(name = 'mopac'): string {
  const candidates = [path.resolve(__dirname, '..', 'profiles'), path.resolve(__dirname, '..', '..', 'profiles')];
  const dir = candidates.find((d) => fs.existsSync(path.join(d, `${name}.json`))) ?? candidates[0]!;
  return path.join(dir, `${name}.json`);
}

const fault = (file: string, problem: string): ConfigError =>
  new ConfigError('GOVERNANCE_PROFILE', `GOVERNANCE_PROFILE ${file}: ${oneLine(problem)}`);

/** Loads and validates a profile; without a path, the built-in MOPAC profile. */
export function loadProfile(profilePath: string = builtInProfilePath()): GovernanceProfile {
  const file = path.resolve(profilePath);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw fault(
        file,
        'file not found; set it to the path of a profile JSON such as profiles/gla.json, or leave it empty for MOPAC',
      );
    if (code === 'EISDIR') throw fault(file, 'is a directory, not a profile JSON file');
    throw fault(file, `cannot be read (${code ?? (e as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw fault(file, `not valid JSON (${(e as Error).message})`);
  }
  const parsed = governanceProfileSchema.safeParse(json);
  if (!parsed.success) {
    const [first, ...rest] = parsed.error.issues;
    const where = first && first.path.length > 0 ? `${first.path.join('.')}: ` : '';
    const more = rest.length > 0 ? ` (and ${rest.length} more problem${rest.length > 1 ? 's' : ''})` : '';
    throw fault(file, `${where}${first?.message ?? 'invalid profile'}${more}`);
  }
  return parsed.data;
}
