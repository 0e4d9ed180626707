/**
 * `npm run package`: builds the Teams app package build/appPackage.zip from manifest/.
 * Fills the manifest template's `${{NAME}}` placeholders from the environment or `.env`,
 * checks the icons and the command lists against Teams' limits, validates the manifest
 * against the official schema bundled in @microsoft/app-manifest (offline), and zips
 * manifest.json with the two icons.
 */
import fs from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';
import JSZip from 'jszip';
import { AppManifestUtils } from '@microsoft/app-manifest';
import { decodePng } from './png';
import { runOrFail } from '../app/fail-fast';
import { OperatorError } from '../app/config-error';
import { repoRoot } from './repo-root';

const root = repoRoot;

export class PackageError extends OperatorError {
  override readonly name: string = 'PackageError';
}

export interface PackageAppOptions {
  /** Variables that win over `.env`; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** The .env file read for anything env leaves empty; null reads none. Default `.env` at the root. */
  envFile?: string | null;
  manifestDir?: string;
  outFile?: string;
}

export interface PackagedApp {
  outFile: string;
  manifest: Record<string, unknown>;
}

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const hostname = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$/i;
const placeholder = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Teams' own limits for a bot's command menu (the schema allows more than Teams shows). */
export const commandLimits = { commands: 10, titleLength: 32 } as const;
export const iconSizes = { color: 192, outline: 32 } as const;

/** The values for the manifest's placeholders, from env (non-empty wins) then the .env file. */
export function placeholderValues(
  env: NodeJS.ProcessEnv,
  envFileValues: Record<string, string>,
): Record<string, string> {
  const read = (name: string, fallback = ''): string => {
    const fromEnv = env[name]?.trim();
    if (fromEnv) return fromEnv;
    return envFileValues[name]?.trim() || fallback;
  };
  const appId = read('MicrosoftAppId');
  if (appId === '') throw new PackageError("set MicrosoftAppId in .env to your Azure Bot's app id");
  if (!guid.test(appId))
    throw new PackageError(`MicrosoftAppId must be your Azure Bot's app id, a GUID (got ${JSON.stringify(appId)})`);
  const domain = read('BOT_DOMAIN');
  if (domain === '')
    throw new PackageError(
      "set BOT_DOMAIN in .env to the bot's host name (e.g. decisions.example.org): the tabs and their Teams sign-in are served from it",
    );
  if (!hostname.test(domain))
    throw new PackageError(
      `BOT_DOMAIN must be the bot's host name without https://, e.g. decisions.example.org (got ${JSON.stringify(domain)})`,
    );
  const website = read('APP_WEBSITE_URL', 'https://www.london.gov.uk/');
  const values: Record<string, string> = {
    MicrosoftAppId: appId.toLowerCase(),
    APP_VERSION: (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version,
    BOT_DOMAIN: domain,
    APP_DEVELOPER_NAME: read('APP_DEVELOPER_NAME', 'Decision Tracker'),
    APP_WEBSITE_URL: website,
    APP_PRIVACY_URL: read('APP_PRIVACY_URL', website),
    APP_TERMS_URL: read('APP_TERMS_URL', website),
  };
  for (const name of ['APP_WEBSITE_URL', 'APP_PRIVACY_URL', 'APP_TERMS_URL'])
    if (!/^https:\/\/[^\s/]+/.test(values[name]!))
      throw new PackageError(`${name} must be an https:// address (got ${JSON.stringify(values[name])})`);
  return values;
}

/**
 * Replaces `${{NAME}}` in every string of the template. An array entry that is exactly one
 * placeholder with an empty value is dropped (so an unset BOT_DOMAIN leaves validDomains empty).
 */
export function fillPlaceholders(template: unknown, values: Record<string, string>): unknown {
  const fill = (text: string): string =>
    text.replace(placeholder, (_, name: string) => {
      const value = values[name];
      if (value === undefined)
        throw new PackageError(`manifest/manifest.json uses \${{${name}}}, which the packager does not know`);
      return value;
    });
  if (typeof template === 'string') return fill(template);
  if (Array.isArray(template))
    return template
      .filter((item) => !(typeof item === 'string' && /^\$\{\{[^}]+\}\}$/.test(item) && fill(item) === ''))
      .map((item) => fillPlaceholders(item, values));
  if (template !== null && typeof template === 'object')
    return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, fillPlaceholders(v, values)]));
  return template;
}

/** The official JSON schema for a manifest version, as bundled in @microsoft/app-manifest. */
export function bundledSchemaPath(manifestVersion: string): string {
  const build = path.dirname(require.resolve('@microsoft/app-manifest'));
  return path.join(build, 'json-schemas', 'teams', `v${manifestVersion}`, 'MicrosoftTeams.schema.json');
}

/** Validates against the bundled schema (never the network); returns the problems, empty when valid. */
export async function validateAgainstBundledSchema(manifest: Record<string, unknown>): Promise<string[]> {
  const file = bundledSchemaPath(String(manifest.manifestVersion));
  if (!fs.existsSync(file))
    return [
      `manifestVersion ${JSON.stringify(manifest.manifestVersion)} has no schema bundled in @microsoft/app-manifest`,
    ];
  // The same clean-up the package applies: the published schemas hold regex escapes ajv rejects.
  const schema = JSON.parse(fs.readFileSync(file, 'utf8').replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b'));
  return AppManifestUtils.validateAgainstSchema(manifest as never, schema);
}

interface CommandList {
  scopes: string[];
  commands: { title: string }[];
}

/** Teams limits the schema does not encode. */
export function checkTeamsLimits(manifest: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const bots = (manifest.bots ?? []) as { commandLists?: CommandList[] }[];
  for (const list of bots.flatMap((b) => b.commandLists ?? [])) {
    if (list.commands.length > commandLimits.commands)
      problems.push(
        `the ${list.scopes.join('/')} command list has ${list.commands.length} commands; Teams shows at most ${commandLimits.commands}`,
      );
    for (const c of list.commands)
      if (c.title.length > commandLimits.titleLength)
        problems.push(`command title "${c.title}" is longer than ${commandLimits.titleLength} characters`);
  }
  return problems;
}

function readIcon(manifestDir: string, file: string, size: number, kind: 'color' | 'outline'): Buffer {
  const full = path.join(manifestDir, file);
  if (!fs.existsSync(full)) throw new PackageError(`icon ${full} is missing`);
  const png = fs.readFileSync(full);
  const image = decodePng(png);
  if (image.width !== size || image.height !== size)
    throw new PackageError(`icon ${full} is ${image.width}x${image.height}; Teams needs ${size}x${size}`);
  if (kind === 'outline')
    for (let i = 0; i < image.pixels.length; i += 4)
      if (
        image.pixels[i + 3]! > 0 &&
        (image.pixels[i]! < 250 || image.pixels[i + 1]! < 250 || image.pixels[i + 2]! < 250)
      )
        throw new PackageError(`icon ${full} must be white on a transparent background`);
  return png;
}

export async function packageApp(options: PackageAppOptions = {}): Promise<PackagedApp> {
  const manifestDir = options.manifestDir ?? path.join(root, 'manifest');
  const outFile = path.resolve(options.outFile ?? path.join(root, 'build', 'appPackage.zip'));
  const envFile = options.envFile === undefined ? path.join(root, '.env') : options.envFile;
  const envFileValues = envFile && fs.existsSync(envFile) ? dotenv.parse(fs.readFileSync(envFile)) : {};
  const values = placeholderValues(options.env ?? process.env, envFileValues);

  const template: unknown = JSON.parse(fs.readFileSync(path.join(manifestDir, 'manifest.json'), 'utf8'));
  const manifest = fillPlaceholders(template, values) as Record<string, unknown>;
  const problems = [...checkTeamsLimits(manifest), ...(await validateAgainstBundledSchema(manifest))];
  if (problems.length > 0) throw new PackageError(`manifest/manifest.json is not valid: ${problems.join('; ')}`);

  const icons = manifest.icons as { color: string; outline: string };
  const zip = new JSZip();
  zip.file('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
  zip.file(icons.color, readIcon(manifestDir, icons.color, iconSizes.color, 'color'));
  zip.file(icons.outline, readIcon(manifestDir, icons.outline, iconSizes.outline, 'outline'));
  const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, bytes);
  return { outFile, manifest };
}

if (require.main === module)
  void runOrFail(async () => {
    const { outFile, manifest } = await packageApp();
    const name = (manifest.name as { short: string }).short;
    console.log(
      `wrote ${path.relative(process.cwd(), outFile)}: ${name} ${String(manifest.version)} for bot ${String(manifest.id)}; upload it in Teams (Apps > Manage your apps > Upload an app)`,
    );
  });
