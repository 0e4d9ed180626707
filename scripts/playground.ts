/**
 * `npm run playground`: the bot and Microsoft 365 Agents Playground pointed at it, to try Decision
 * Tracker the way Teams shows it. Open the printed URL in a browser.
 *
 *   npm run playground                      as Dana Drafter (the admin), data kept in ./data/playground
 *   npm run playground -- --seed-roles      also gives everyone in the cast their MOPAC roles
 *   npm run playground -- --as fiona        as Fiona Finance (any of: dana fiona lee erin cal dee)
 *   npm run playground -- --fresh           start again with an empty store
 *   npm run playground -- --data-dir <dir>  keep the data somewhere else
 *
 * Ctrl-C stops both. The Playground shows one person at a time (no user switcher); restart with
 * `--as` to act as someone else: the decisions stay, and `show PCD 1065` brings a card back.
 */
import fs from 'node:fs';
import path from 'node:path';
import { admin, castYaml, findPerson, nameOf, people, type CastPerson } from './playground/cast';
import {
  freePort,
  repoRoot,
  startBotProcess,
  startPlaygroundProcess,
  type PlaygroundProcess,
  type Started,
} from './playground/processes';
import { seedRoles } from './playground/seed-roles';

export interface PlaygroundOptions {
  readonly seedRoles: boolean;
  readonly as: CastPerson;
  readonly fresh: boolean;
  readonly dataDir: string;
}

export const PLAYGROUND_PORT = 56150;

/** Reads the command line; throws a one-line message naming what is wrong. */
export function parsePlaygroundArgs(argv: readonly string[], cwd: string = repoRoot): PlaygroundOptions {
  let seed = false;
  let fresh = false;
  let as = admin;
  let dataDir = path.join(cwd, 'data', 'playground');
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined || next.startsWith('--')) throw new Error(`${arg} needs a value.`);
      return next;
    };
    if (arg === '--seed-roles') seed = true;
    else if (arg === '--fresh') fresh = true;
    else if (arg === '--data-dir') dataDir = path.resolve(cwd, value());
    else if (arg === '--as') {
      const handle = value();
      const person = findPerson(handle);
      if (!person)
        throw new Error(`--as ${handle}: not in the cast; use one of ${people.map((p) => p.key).join(', ')}.`);
      as = person;
    } else throw new Error(`Unknown option ${arg}. Options: --seed-roles, --as <person>, --fresh, --data-dir <dir>.`);
  }
  return { seedRoles: seed, as, fresh, dataDir };
}

const say = (line: string) => process.stdout.write(`${line}\n`);

/** Counts the bot's log lines that record a role command carried out. */
const roleChanges = (bot: Started): number => (bot.output().match(/"role assignments changed"/g) ?? []).length;

export interface RunningPlayground {
  readonly url: string;
  /** Resolves with a sentence when the bot or the Playground exits on its own. */
  readonly ended: Promise<string>;
  stop(): Promise<void>;
}

export async function runPlayground(options: PlaygroundOptions): Promise<RunningPlayground> {
  if (options.fresh) fs.rmSync(options.dataDir, { recursive: true, force: true });
  fs.mkdirSync(options.dataDir, { recursive: true });
  let configPath = path.join(repoRoot, '.m365agentsplayground.yml');
  if (options.as !== admin) {
    configPath = path.join(options.dataDir, `as-${options.as.key}.yml`);
    fs.writeFileSync(configPath, castYaml(options.as));
  }

  const bot = await startBotProcess({
    port: await freePort(),
    dataDir: path.join(options.dataDir, 'store'),
    admins: [admin.aadObjectId],
    logFile: path.join(options.dataDir, 'bot.log'),
    onLine: (line) => say(`[bot] ${line}`),
  });
  let playground: PlaygroundProcess;
  try {
    playground = await startPlaygroundProcess({
      endpoint: bot.endpoint,
      port: PLAYGROUND_PORT,
      configPath,
      cwd: options.dataDir,
      logFile: path.join(options.dataDir, 'playground.log'),
    });
  } catch (e) {
    await bot.stop();
    throw e;
  }
  let stopping = false;
  const stop = async () => {
    stopping = true;
    await playground.stop();
    await bot.stop();
  };
  const ended = Promise.race([
    bot.exited.then((code) => `The bot exited (${code}); see ${path.join(options.dataDir, 'bot.log')}.`),
    playground.exited.then(
      (code) => `The Playground exited (${code}); see ${path.join(options.dataDir, 'playground.log')}.`,
    ),
  ]).then((why) => (stopping ? new Promise<string>(() => undefined) : why));

  if (options.seedRoles) {
    const before = roleChanges(bot);
    let count = 0;
    const carriedOut = async () => {
      count++;
      const deadline = Date.now() + 10_000;
      while (roleChanges(bot) - before < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    };
    const sent = await seedRoles(playground.url, { afterEach: carriedOut });
    const done = roleChanges(bot) - before;
    say(
      done >= sent.length
        ? `Roles seeded: ${sent.length} role commands carried out (the bot's replies are in MOPAC - General).`
        : `Only ${done} of ${sent.length} role commands were carried out; see ${path.join(options.dataDir, 'bot.log')}.`,
    );
  }

  say('');
  say(`Agents Playground: ${playground.url}   (bot: ${bot.endpoint}, data: ${options.dataDir})`);
  say(
    `You are ${nameOf(options.as)}${options.as === admin ? ' (the admin)' : ''}. Who holds what${options.seedRoles ? '' : ' once `--seed-roles` has run'}:`,
  );
  for (const person of people)
    say(`  ${nameOf(person).padEnd(16)} ${person.roles.join(', ')}${person === admin ? ' (admin)' : ''}`);
  say(
    `Try, in MOPAC - Decisions: @Decision Tracker new PCD 1065 Criminal Justice System - 2022/23 Commissioning Decisions`,
  );
  say(
    `Act as someone else: stop with Ctrl-C and run npm run playground -- --as ${people.find((p) => p !== options.as)!.key}`,
  );
  return { url: playground.url, ended, stop };
}

async function main(): Promise<void> {
  let options: PlaygroundOptions;
  try {
    options = parsePlaygroundArgs(process.argv.slice(2), process.cwd());
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(2);
  }
  const running = await runPlayground(options);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`\n${signal}: stopping the Playground and the bot…`);
    running.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  void running.ended.then(async (why) => {
    process.stderr.write(`${why} Stopping.\n`);
    await running.stop();
    process.exit(1);
  });
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`npm run playground failed: ${(e as Error).message}\n`);
    process.exit(1);
  });
}
