import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { AppManifestUtils } from '@microsoft/app-manifest';
import {
  PackageError,
  bundledSchemaPath,
  checkTeamsLimits,
  fillPlaceholders,
  packageApp,
} from '../../scripts/package-app';
import { decodePng, encodePng } from '../../scripts/png';
import { commands } from '../../bot/routes';
import { SEARCH_COMMAND } from '../../bot/search-routes';

const root = path.join(__dirname, '..', '..');
const appId = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
const template = JSON.parse(fs.readFileSync(path.join(root, 'manifest', 'manifest.json'), 'utf8'));

/** The official schema, read straight from @microsoft/app-manifest's bundle (no network). */
const officialSchema = (version: string) =>
  JSON.parse(fs.readFileSync(bundledSchemaPath(version), 'utf8').replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b'));

describe('npm run package', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'app-package-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const unzip = async (file: string) => {
    const zip = await JSZip.loadAsync(fs.readFileSync(file));
    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string'));
    return { zip, manifest };
  };

  it('builds a package whose manifest the official schema accepts, with icons of the right sizes', async () => {
    const outFile = path.join(dir, 'appPackage.zip');
    await packageApp({ env: { MicrosoftAppId: appId, BOT_DOMAIN: 'decisions.example.org' }, envFile: null, outFile });
    const { zip, manifest } = await unzip(outFile);

    expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    expect(template.manifestVersion).toBe('1.30');
    expect(await AppManifestUtils.validateAgainstSchema(manifest, officialSchema(manifest.manifestVersion))).toEqual(
      [],
    );
    expect(JSON.stringify(manifest)).not.toContain('${{');
    expect(manifest.id).toBe(appId);
    expect(manifest.version).toBe(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version);
    expect(manifest.validDomains).toEqual(['decisions.example.org']);
    expect(manifest.webApplicationInfo).toEqual({ id: appId, resource: `api://decisions.example.org/${appId}` });
    expect(
      manifest.staticTabs.map((t: { entityId: string; contentUrl: string }) => [t.entityId, t.contentUrl]),
    ).toEqual([
      ['my-decisions', 'https://decisions.example.org/tab/mine'],
      ['register', 'https://decisions.example.org/tab/register'],
      ['funding-outlook', 'https://decisions.example.org/tab/outlook'],
    ]);
    expect(manifest.configurableTabs[0].configurationUrl).toBe('https://decisions.example.org/tab/config');
    // Without it the app cannot be added to private or shared channels.
    expect(manifest.supportedChannelTypes).toEqual(['sharedChannels', 'privateChannels']);
    // The compose box's search is answered by the bot's search route under this command id.
    expect(manifest.composeExtensions).toEqual([
      expect.objectContaining({
        botId: appId,
        commands: [expect.objectContaining({ id: SEARCH_COMMAND, type: 'query', initialRun: true })],
      }),
    ]);
    expect(manifest.composeExtensions[0].commands[0].parameters.map((p: { name: string }) => p.name)).toEqual([
      'query',
    ]);

    const [bot] = manifest.bots;
    expect(bot.botId).toBe(appId);
    expect(bot.scopes.sort()).toEqual(['groupChat', 'personal', 'team']);
    expect(bot.supportsFiles).toBe(true);
    expect(bot.commandLists.map((l: { scopes: string[] }) => l.scopes[0]).sort()).toEqual([
      'groupChat',
      'personal',
      'team',
    ]);
    for (const list of bot.commandLists) {
      expect(list.commands.map((c: { title: string }) => c.title)).toEqual([
        'help',
        'new',
        'fund',
        'submit',
        'show',
        'list',
        'mine',
        'history',
        'roles',
        'expiring',
      ]);
      for (const c of list.commands) expect(c.title.length).toBeLessThanOrEqual(32);
    }

    const colour = decodePng(await zip.file('color.png')!.async('nodebuffer'));
    expect([colour.width, colour.height]).toEqual([192, 192]);
    const outline = decodePng(await zip.file('outline.png')!.async('nodebuffer'));
    expect([outline.width, outline.height]).toEqual([32, 32]);
    const alphas = [...outline.pixels.filter((_, i) => i % 4 === 3)];
    expect(alphas[0]).toBe(0); // transparent corner
    expect(alphas.some((a) => a === 255)).toBe(true);
    for (let i = 0; i < outline.pixels.length; i += 4)
      if (outline.pixels[i + 3]! > 0)
        expect([outline.pixels[i], outline.pixels[i + 1], outline.pixels[i + 2]]).toEqual([255, 255, 255]);
  });

  it('reads MicrosoftAppId and BOT_DOMAIN from the .env file', async () => {
    const envFile = path.join(dir, '.env');
    fs.writeFileSync(
      envFile,
      `# sample\nMicrosoftAppId=${appId.toUpperCase()}\nMicrosoftAppPassword=secret\nBOT_DOMAIN=bot.example.org\n`,
    );
    const outFile = path.join(dir, 'out', 'app.zip');
    const { manifest } = await packageApp({ env: { MicrosoftAppId: '' }, envFile, outFile });
    expect(manifest.id).toBe(appId);
    expect(manifest.validDomains).toEqual(['bot.example.org']);
    expect(JSON.stringify((await unzip(outFile)).manifest)).not.toContain('secret');
  });

  it('says what to set when MicrosoftAppId is empty, and writes nothing', async () => {
    const outFile = path.join(dir, 'appPackage.zip');
    await expect(packageApp({ env: {}, envFile: null, outFile })).rejects.toThrow(
      new PackageError("set MicrosoftAppId in .env to your Azure Bot's app id"),
    );
    await expect(packageApp({ env: { MicrosoftAppId: 'bot' }, envFile: null, outFile })).rejects.toThrow(
      /MicrosoftAppId must be your Azure Bot's app id, a GUID \(got "bot"\)/,
    );
    await expect(
      packageApp({ env: { MicrosoftAppId: appId, BOT_DOMAIN: 'https://x.org/' }, envFile: null, outFile }),
    ).rejects.toThrow(/^BOT_DOMAIN must be/);
    await expect(packageApp({ env: { MicrosoftAppId: appId }, envFile: null, outFile })).rejects.toThrow(
      /^set BOT_DOMAIN in .env/,
    );
    expect(fs.existsSync(outFile)).toBe(false);
  });

  it('refuses a manifest the schema rejects, or an icon of the wrong size', async () => {
    const manifestDir = path.join(dir, 'manifest');
    fs.mkdirSync(manifestDir);
    for (const icon of ['color.png', 'outline.png'])
      fs.copyFileSync(path.join(root, 'manifest', icon), path.join(manifestDir, icon));
    fs.writeFileSync(path.join(manifestDir, 'manifest.json'), JSON.stringify({ ...template, accentColor: 'blue' }));
    const outFile = path.join(dir, 'appPackage.zip');
    await expect(
      packageApp({
        env: { MicrosoftAppId: appId, BOT_DOMAIN: 'decisions.example.org' },
        envFile: null,
        manifestDir,
        outFile,
      }),
    ).rejects.toThrow(/^manifest\/manifest.json is not valid: \/accentColor must match pattern/);

    fs.writeFileSync(path.join(manifestDir, 'manifest.json'), JSON.stringify(template));
    fs.writeFileSync(
      path.join(manifestDir, 'color.png'),
      encodePng({ width: 100, height: 100, pixels: new Uint8Array(100 * 100 * 4) }),
    );
    await expect(
      packageApp({
        env: { MicrosoftAppId: appId, BOT_DOMAIN: 'decisions.example.org' },
        envFile: null,
        manifestDir,
        outFile,
      }),
    ).rejects.toThrow(/is 100x100; Teams needs 192x192/);
    expect(fs.existsSync(outFile)).toBe(false);
  });
});

describe('fillPlaceholders', () => {
  it('fills every string, drops an array entry left empty, and refuses unknown names', () => {
    expect(
      fillPlaceholders({ a: 'x ${{A}} y', list: ['${{B}}', 'k', '${{A}}'], n: 3, t: true }, { A: '1', B: '' }),
    ).toEqual({
      a: 'x 1 y',
      list: ['k', '1'],
      n: 3,
      t: true,
    });
    expect(() => fillPlaceholders({ a: '${{NOPE}}' }, {})).toThrow(
      /uses \$\{\{NOPE\}\}, which the packager does not know/,
    );
  });
});

describe('checkTeamsLimits', () => {
  it('catches command lists longer than 10 and titles over 32 characters, which the schema allows', () => {
    const commands = Array.from({ length: 11 }, (_, i) => ({ title: i === 0 ? 'x'.repeat(33) : `c${i}` }));
    expect(checkTeamsLimits({ bots: [{ commandLists: [{ scopes: ['team'], commands }] }] })).toEqual([
      'the team command list has 11 commands; Teams shows at most 10',
      `command title "${'x'.repeat(33)}" is longer than 32 characters`,
    ]);
  });
});

describe('manifest command menu', () => {
  it('offers only commands the bot has', () => {
    const known = new Set(commands.map((c) => c.name));
    for (const list of template.bots[0].commandLists) for (const c of list.commands) expect(known).toContain(c.title);
  });
});
