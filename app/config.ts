/**
 * The bot's configuration, read once from the environment (or any env object given, for
 * tests), validated with zod and deeply frozen. A bad value throws ConfigError with one line
 * naming the variable, the value (never a secret) and what is allowed.
 */
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError, quote } from './config-error';
import { builtInProfilePath } from './profile-loader';
import { redactedUrl } from '../storage/postgres/redacted-url';

export { ConfigError } from './config-error';

export const appTypes = ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'] as const;
export type AppType = (typeof appTypes)[number];

export const logLevels = ['error', 'warn', 'info', 'debug', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

export interface Config {
  /** HTTP port of the bot endpoint (POST /api/messages, GET /healthz). */
  readonly port: number;
  /**
   * The interface to listen on: HOST, or by default 0.0.0.0 with authentication and 127.0.0.1
   * without (another interface without authentication needs ALLOW_UNAUTHENTICATED=true).
   */
  readonly host: string;
  /** True only when the operator chose to serve without authentication beyond the loopback. */
  readonly allowUnauthenticated: boolean;
  /** Absolute directory of the lowdb store. */
  readonly dataDir: string;
  /** PostgreSQL connection string; null means the embedded lowdb store under dataDir. */
  readonly databaseUrl: string | null;
  /** The Azure Bot registration; appId '' means local development without authentication. */
  readonly microsoftApp: {
    readonly id: string;
    readonly password: string;
    readonly type: AppType;
    readonly tenantId: string | null;
  };
  /** True when appId is set: the adapter validates Bot Framework tokens. */
  readonly authEnabled: boolean;
  /** Lower-case tenant ids allowed to use the bot; empty means every tenant. */
  readonly allowedTenants: readonly string[];
  /** Lower-case AAD object ids of the admins who may assign roles. */
  readonly admins: readonly string[];
  /** Absolute path of the governance profile JSON. */
  readonly governanceProfile: string;
  readonly logLevel: LogLevel;
  /** Base URL the bot is reached at from browsers (export download links); null: http://localhost:<port>. */
  readonly publicUrl: string | null;
  /** Key that signs export download links; null: a random key per process (links die with a restart). */
  readonly exportSigningKey: string | null;
  /** Lower-case host names (or suffixes starting with a dot) that `import` may download a file from. */
  readonly importFileHosts: readonly string[];
  /** BOT_DOMAIN: the bot's host name; with the app id it names the tab's SSO audience, api://<domain>/<app id>. */
  readonly botDomain: string | null;
}

/**
 * Where Teams keeps files sent to a bot: SharePoint and OneDrive (`<tenant>-my.sharepoint.com`),
 * in the commercial cloud and GCC, GCC High, DoD and 21Vianet. Operators narrow it to their
 * tenant's hosts with IMPORT_FILE_HOSTS.
 */
export const DEFAULT_IMPORT_FILE_HOSTS: readonly string[] = ['.sharepoint.com', '.sharepoint.us', '.sharepoint-mil.us', '.sharepoint.cn'];

/** Variables the configuration reads, in the order of the README's table. */
export const configVariables = [
  'PORT', 'HOST', 'DATA_DIR', 'DATABASE_URL', 'MicrosoftAppId', 'MicrosoftAppPassword', 'MicrosoftAppType',
  'MicrosoftAppTenantId', 'ALLOW_UNAUTHENTICATED', 'NODE_ENV', 'ALLOWED_TENANTS', 'ADMINS', 'GOVERNANCE_PROFILE', 'LOG_LEVEL',
  'PUBLIC_URL', 'EXPORT_SIGNING_KEY', 'IMPORT_FILE_HOSTS', 'BOT_DOMAIN',
] as const;

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/**
 * Directory ids as Teams sends them are GUIDs, but test tenants and tools stretch or rename them,
 * so any id-like token is accepted; what is refused is the usual mistake of a domain name or an
 * e-mail address (a dot, an @ or a space).
 */
const directoryId = /^[A-Za-z0-9][A-Za-z0-9_:-]{0,127}$/;
const exampleGuid = '72f988bf-86f1-41af-91ab-2d7cd011db47';

/** Unset and blank variables both mean "use the default". */
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const fail = (ctx: z.RefinementCtx, message: string): typeof z.NEVER => {
  ctx.addIssue({ code: z.ZodIssueCode.custom, message });
  return z.NEVER;
};

const port = optionalText.transform((v, ctx) => {
  if (v === undefined) return 3978;
  const n = /^\d{1,5}$/.test(v) ? Number(v) : NaN;
  if (!(n >= 1 && n <= 65535)) return fail(ctx, `PORT must be a whole number from 1 to 65535 (got ${quote(v)}).`);
  return n;
});

const hostName = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

const host = optionalText.transform((v, ctx) => {
  if (v === undefined) return null;
  if (isIP(v) === 0 && !hostName.test(v)) return fail(ctx, `HOST must be the address to listen on, such as 0.0.0.0, 127.0.0.1 or ::, or a host name (got ${quote(v)}).`);
  return v.toLowerCase();
});

/** 127.0.0.0/8, ::1 and localhost: reachable from this machine only. */
export const isLoopbackHost = (h: string): boolean => h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);

const flag = (variable: string) =>
  optionalText.transform((v, ctx) => {
    if (v === undefined || v.toLowerCase() === 'false') return false;
    if (v.toLowerCase() === 'true') return true;
    return fail(ctx, `${variable} must be true or false, or empty for false (got ${quote(v)}).`);
  });

/** A host name, or a suffix starting with a dot (".sharepoint.com"): at least two labels, no address, port or path. */
const importHost = /^\.?[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

const importFileHosts = optionalText.transform((v, ctx) => {
  if (v === undefined) return [...DEFAULT_IMPORT_FILE_HOSTS];
  const hosts = v.split(',').map((s) => s.trim().toLowerCase()).filter((s) => s !== '');
  const bad = hosts.find((h) => !importHost.test(h) || isIP(h.replace(/^\./, '')) !== 0);
  if (bad !== undefined || hosts.length === 0)
    return fail(ctx, `IMPORT_FILE_HOSTS must be comma-separated host names, or suffixes starting with a dot, of your SharePoint and OneDrive, such as contoso.sharepoint.com,contoso-my.sharepoint.com or .sharepoint.com (got ${quote(bad ?? v)}).`);
  return [...new Set(hosts)];
});

const dataDir = optionalText.transform((v, ctx) => {
  const dir = v ?? './data';
  if (dir.includes('\0')) return fail(ctx, `DATA_DIR must be a directory path (got ${quote(dir)}).`);
  return path.resolve(dir);
});

/** The URL in `v`, or null when it is not one. */
function urlOf(v: string): URL | null {
  try {
    return new URL(v);
  } catch {
    return null;
  }
}

const databaseUrl = optionalText.transform((v, ctx) => {
  if (v === undefined) return null;
  const url = urlOf(v);
  if (!url || !['postgres:', 'postgresql:'].includes(url.protocol) || url.hostname === '')
    return fail(ctx, `DATABASE_URL must be a postgres:// or postgresql:// URL such as postgres://user@127.0.0.1:5432/decisions, or empty for the embedded store (got ${quote(redactedUrl(v))}).`);
  return v;
});

const appId = optionalText.transform((v, ctx) => {
  if (v === undefined) return '';
  if (!guid.test(v))
    return fail(ctx, `MicrosoftAppId must be the Azure Bot's app id, a GUID such as ${exampleGuid}, or empty for local development without authentication (got ${quote(v)}).`);
  return v.toLowerCase();
});

const appType = optionalText.transform((v, ctx) => {
  if (v === undefined) return 'MultiTenant' as AppType;
  const match = appTypes.find((t) => t.toLowerCase() === v.toLowerCase());
  if (!match) return fail(ctx, `MicrosoftAppType must be one of ${appTypes.join(', ')} (got ${quote(v)}).`);
  return match;
});

const tenantId = optionalText.transform((v, ctx) => {
  if (v === undefined) return null;
  if (!guid.test(v)) return fail(ctx, `MicrosoftAppTenantId must be the Azure AD tenant id, a GUID such as ${exampleGuid} (got ${quote(v)}).`);
  return v.toLowerCase();
});

const idList = (variable: string, what: string) =>
  optionalText.transform((v, ctx) => {
    const ids = (v ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
    const bad = ids.find((id) => !directoryId.test(id));
    if (bad !== undefined) return fail(ctx, `${variable} must be comma-separated ${what} (GUIDs such as ${exampleGuid}, not domain names or e-mail addresses) (got ${quote(bad)}).`);
    return [...new Set(ids.map((id) => id.toLowerCase()))];
  });

const governanceProfile = optionalText.transform((v) => (v === undefined ? builtInProfilePath() : path.resolve(v)));

const logLevel = optionalText.transform((v, ctx) => {
  if (v === undefined) return 'info' as LogLevel;
  const match = logLevels.find((l) => l === v.toLowerCase());
  if (!match) return fail(ctx, `LOG_LEVEL must be one of ${logLevels.join(', ')} (got ${quote(v)}).`);
  return match;
});

const publicUrl = optionalText.transform((v, ctx) => {
  if (v === undefined) return null;
  const url = urlOf(v);
  if (!url || !['https:', 'http:'].includes(url.protocol) || url.hostname === '' || url.search !== '' || url.hash !== '' || url.username !== '')
    return fail(ctx, `PUBLIC_URL must be the https:// address the bot is reached at, such as https://bot.example.org, without a query, or empty (got ${quote(v)}).`);
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
});

const botDomain = optionalText.transform((v, ctx) => {
  if (v === undefined) return null;
  if (!/^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$/i.test(v))
    return fail(
      ctx,
      `BOT_DOMAIN must be the bot's host name without https://, such as decisions.example.org (got ${quote(v)}).`,
    );
  return v.toLowerCase();
});

/** At least 32 characters, so that the HMAC key cannot be guessed; never quoted in messages. */
const MIN_SIGNING_KEY = 32;

const envSchema = z
  .object({
    PORT: port,
    HOST: host,
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    MicrosoftAppId: appId,
    // Validated below without ever quoting the value.
    MicrosoftAppPassword: z.string().optional(),
    MicrosoftAppType: appType,
    MicrosoftAppTenantId: tenantId,
    ALLOW_UNAUTHENTICATED: flag('ALLOW_UNAUTHENTICATED'),
    NODE_ENV: optionalText,
    ALLOWED_TENANTS: idList('ALLOWED_TENANTS', 'tenant ids'),
    ADMINS: idList('ADMINS', 'AAD object ids'),
    GOVERNANCE_PROFILE: governanceProfile,
    LOG_LEVEL: logLevel,
    PUBLIC_URL: publicUrl,
    // Validated below without ever quoting the value.
    EXPORT_SIGNING_KEY: optionalText,
    IMPORT_FILE_HOSTS: importFileHosts,
    BOT_DOMAIN: botDomain,
  })
  .superRefine((e, ctx) => {
    if (e.MicrosoftAppId === '' && e.NODE_ENV === 'production')
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['MicrosoftAppId'],
        message: 'MicrosoftAppId must be set when NODE_ENV is production: without it the bot would accept anyone\'s messages without authentication (got "").',
      });
    if (e.MicrosoftAppId === '' && e.HOST !== null && !isLoopbackHost(e.HOST) && !e.ALLOW_UNAUTHENTICATED)
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['HOST'],
        message: `HOST is ${quote(e.HOST)} but MicrosoftAppId is empty, so anyone who can reach that interface could post as anyone, admins included: set MicrosoftAppId, or listen on 127.0.0.1, or set ALLOW_UNAUTHENTICATED=true to accept the risk (development only).`,
      });
    if (e.EXPORT_SIGNING_KEY !== undefined && e.EXPORT_SIGNING_KEY.length < MIN_SIGNING_KEY)
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['EXPORT_SIGNING_KEY'],
        message: `EXPORT_SIGNING_KEY must be at least ${MIN_SIGNING_KEY} characters long (e.g. the output of \`openssl rand -hex 32\`), or empty for a random key per process (it has ${e.EXPORT_SIGNING_KEY.length}).`,
      });
    const needsTenant = e.MicrosoftAppType !== 'MultiTenant';
    if (needsTenant && e.MicrosoftAppTenantId === null)
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['MicrosoftAppTenantId'],
        message: `MicrosoftAppTenantId must be set to the Azure AD tenant id (a GUID) when MicrosoftAppType is ${e.MicrosoftAppType} (got "").`,
      });
    const needsPassword = e.MicrosoftAppId !== '' && e.MicrosoftAppType !== 'UserAssignedMSI';
    if (needsPassword && (e.MicrosoftAppPassword ?? '') === '')
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['MicrosoftAppPassword'],
        message: `MicrosoftAppPassword must be set to the Azure Bot's client secret when MicrosoftAppId is set and MicrosoftAppType is ${e.MicrosoftAppType} (it is empty).`,
      });
  });

const deepFreeze = <T>(value: T): T => {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
};

/** Reads and validates the configuration; throws ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const picked = Object.fromEntries(configVariables.map((name) => [name, env[name]]));
  const parsed = envSchema.safeParse(picked);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? 'configuration');
    const message = issue?.code === z.ZodIssueCode.custom ? issue.message : `${variable} must be text (${issue?.message ?? 'invalid'}).`;
    throw new ConfigError(variable, message);
  }
  const e = parsed.data;
  return deepFreeze<Config>({
    port: e.PORT,
    host: e.HOST ?? (e.MicrosoftAppId === '' ? '127.0.0.1' : '0.0.0.0'),
    allowUnauthenticated: e.MicrosoftAppId === '' && e.ALLOW_UNAUTHENTICATED && e.HOST !== null && !isLoopbackHost(e.HOST),
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    microsoftApp: {
      id: e.MicrosoftAppId,
      password: e.MicrosoftAppPassword ?? '',
      type: e.MicrosoftAppType,
      tenantId: e.MicrosoftAppTenantId,
    },
    authEnabled: e.MicrosoftAppId !== '',
    allowedTenants: e.ALLOWED_TENANTS,
    admins: e.ADMINS,
    governanceProfile: e.GOVERNANCE_PROFILE,
    logLevel: e.LOG_LEVEL,
    publicUrl: e.PUBLIC_URL,
    exportSigningKey: e.EXPORT_SIGNING_KEY ?? null,
    importFileHosts: e.IMPORT_FILE_HOSTS,
    botDomain: e.BOT_DOMAIN,
  });
}

/**
 * The settings object botbuilder's ConfigurationBotFrameworkAuthentication expects, e.g.
 * `new ConfigurationBotFrameworkAuthentication(botFrameworkAuthSettings(config))`.
 */
export const botFrameworkAuthSettings = (config: Config): Record<string, string> => ({
  MicrosoftAppId: config.microsoftApp.id,
  MicrosoftAppPassword: config.microsoftApp.password,
  MicrosoftAppType: config.microsoftApp.type,
  MicrosoftAppTenantId: config.microsoftApp.tenantId ?? '',
});
