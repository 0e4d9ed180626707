import fs from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';
import { ConfigError, botFrameworkAuthSettings, configVariables, loadConfig } from '../../app/config';

const appId = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
const tenant = '72f988bf-86f1-41af-91ab-2d7cd011db47';

const failure = (env: NodeJS.ProcessEnv): ConfigError => {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
};

describe('loadConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3978);
    expect(config.dataDir).toBe(path.resolve('data'));
    expect(config.databaseUrl).toBeNull();
    expect(config.microsoftApp).toEqual({ id: '', password: '', type: 'MultiTenant', tenantId: null });
    expect(config.authEnabled).toBe(false);
    expect(config.allowedTenants).toEqual([]);
    expect(config.admins).toEqual([]);
    expect(config.governanceProfile).toBe(path.resolve(__dirname, '..', '..', 'profiles', 'mopac.json'));
    expect(config.logLevel).toBe('info');
    expect(config.publicUrl).toBeNull();
    expect(config.exportSigningKey).toBeNull();
    expect(config.host).toBe('127.0.0.1');
    expect(config.allowUnauthenticated).toBe(false);
    expect(config.importFileHosts).toEqual(['.sharepoint.com', '.sharepoint.us', '.sharepoint-mil.us', '.sharepoint.cn']);
    expect(config.botDomain).toBeNull();
  });

  it('treats blank variables like unset ones', () => {
    expect(loadConfig({ PORT: '', DATA_DIR: '  ', DATABASE_URL: '', MicrosoftAppType: '' })).toMatchObject({
      port: 3978,
      dataDir: path.resolve('data'),
      databaseUrl: null,
      microsoftApp: { type: 'MultiTenant' },
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '10.0.0.5',
      DATA_DIR: '/var/lib/decisions',
      DATABASE_URL: 'postgresql://bot:secret@db.internal:5432/decisions',
      MicrosoftAppId: appId.toUpperCase(),
      MicrosoftAppPassword: 's3cret~value',
      MicrosoftAppType: 'singletenant',
      MicrosoftAppTenantId: tenant,
      ALLOWED_TENANTS: ` ${tenant.toUpperCase()}, 00000000-0000-0000-0000-0000000000001 ,`,
      ADMINS: `${appId},${appId}`,
      GOVERNANCE_PROFILE: 'profiles/gla.json',
      LOG_LEVEL: 'DEBUG',
      PUBLIC_URL: 'https://Bot.Example.org/decisions/',
      EXPORT_SIGNING_KEY: 'k'.repeat(64),
      ALLOW_UNAUTHENTICATED: 'TRUE',
      NODE_ENV: 'production',
      IMPORT_FILE_HOSTS: ' Contoso.SharePoint.com, contoso-my.sharepoint.com,',
      BOT_DOMAIN: 'Bot.Example.org',
    });
    expect(config).toEqual({
      port: 8080,
      host: '10.0.0.5',
      allowUnauthenticated: false,
      dataDir: '/var/lib/decisions',
      databaseUrl: 'postgresql://bot:secret@db.internal:5432/decisions',
      microsoftApp: { id: appId, password: 's3cret~value', type: 'SingleTenant', tenantId: tenant },
      authEnabled: true,
      allowedTenants: [tenant, '00000000-0000-0000-0000-0000000000001'],
      admins: [appId],
      governanceProfile: path.resolve('profiles/gla.json'),
      logLevel: 'debug',
      publicUrl: 'https://bot.example.org/decisions',
      exportSigningKey: 'k'.repeat(64),
      importFileHosts: ['contoso.sharepoint.com', 'contoso-my.sharepoint.com'],
      botDomain: 'bot.example.org',
    });
    expect(botFrameworkAuthSettings(config)).toEqual({
      MicrosoftAppId: appId,
      MicrosoftAppPassword: 's3cret~value',
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: tenant,
    });
  });

  it('listens on the loopback only without an app id, unless the operator allows otherwise', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '127.0.0.1' })).toMatchObject({ host: '127.0.0.1', allowUnauthenticated: false });
    expect(loadConfig({ HOST: '0.0.0.0', ALLOW_UNAUTHENTICATED: 'true' })).toMatchObject({ host: '0.0.0.0', allowUnauthenticated: true });
    expect(loadConfig({ MicrosoftAppId: appId, MicrosoftAppPassword: 'x' })).toMatchObject({ host: '0.0.0.0', allowUnauthenticated: false });
    expect(loadConfig({ MicrosoftAppId: appId, MicrosoftAppPassword: 'x', NODE_ENV: 'production', HOST: '::' })).toMatchObject({ host: '::', authEnabled: true });
  });

  it('is deeply frozen', () => {
    const config = loadConfig({ ADMINS: appId });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.microsoftApp)).toBe(true);
    expect(Object.isFrozen(config.admins)).toBe(true);
    expect(() => {
      (config as { port: number }).port = 1;
    }).toThrow(TypeError);
    expect(() => (config.admins as string[]).push('x')).toThrow(TypeError);
  });

  it('reads process.env when given nothing', () => {
    const saved = process.env.PORT;
    process.env.PORT = '4001';
    try {
      expect(loadConfig().port).toBe(4001);
    } finally {
      if (saved === undefined) delete process.env.PORT;
      else process.env.PORT = saved;
    }
  });

  it.each([
    ['PORT', { PORT: 'abc' }, 'PORT must be a whole number from 1 to 65535 (got "abc").'],
    ['PORT', { PORT: '0' }, 'PORT must be a whole number from 1 to 65535 (got "0").'],
    ['PORT', { PORT: '65536' }, 'PORT must be a whole number from 1 to 65535 (got "65536").'],
    ['PORT', { PORT: '3978.5' }, 'PORT must be a whole number from 1 to 65535 (got "3978.5").'],
    ['PORT', { PORT: '-1' }, 'PORT must be a whole number from 1 to 65535 (got "-1").'],
    [
      'DATABASE_URL',
      { DATABASE_URL: 'mysql://db/x' },
      'DATABASE_URL must be a postgres:// or postgresql:// URL such as postgres://user@127.0.0.1:5432/decisions, or empty for the embedded store (got "mysql://db/x").',
    ],
    [
      'MicrosoftAppId',
      { MicrosoftAppId: 'my-bot' },
      `MicrosoftAppId must be the Azure Bot's app id, a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47, or empty for local development without authentication (got "my-bot").`,
    ],
    [
      'MicrosoftAppType',
      { MicrosoftAppType: 'Multi' },
      'MicrosoftAppType must be one of MultiTenant, SingleTenant, UserAssignedMSI (got "Multi").',
    ],
    [
      'MicrosoftAppTenantId',
      { MicrosoftAppTenantId: 'contoso.com' },
      'MicrosoftAppTenantId must be the Azure AD tenant id, a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47 (got "contoso.com").',
    ],
    [
      'ALLOWED_TENANTS',
      { ALLOWED_TENANTS: `${tenant},contoso.onmicrosoft.com` },
      'ALLOWED_TENANTS must be comma-separated tenant ids (GUIDs such as 72f988bf-86f1-41af-91ab-2d7cd011db47, not domain names or e-mail addresses) (got "contoso.onmicrosoft.com").',
    ],
    [
      'ADMINS',
      { ADMINS: 'alice@example.com' },
      'ADMINS must be comma-separated AAD object ids (GUIDs such as 72f988bf-86f1-41af-91ab-2d7cd011db47, not domain names or e-mail addresses) (got "alice@example.com").',
    ],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of error, warn, info, debug, silent (got "loud").'],
    [
      'PUBLIC_URL',
      { PUBLIC_URL: 'bot.example.org' },
      'PUBLIC_URL must be the https:// address the bot is reached at, such as https://bot.example.org, without a query, or empty (got "bot.example.org").',
    ],
    [
      'PUBLIC_URL',
      { PUBLIC_URL: 'ftp://bot.example.org' },
      'PUBLIC_URL must be the https:// address the bot is reached at, such as https://bot.example.org, without a query, or empty (got "ftp://bot.example.org").',
    ],
    [
      'PUBLIC_URL',
      { PUBLIC_URL: 'https://bot.example.org/?x=1' },
      'PUBLIC_URL must be the https:// address the bot is reached at, such as https://bot.example.org, without a query, or empty (got "https://bot.example.org/?x=1").',
    ],
    ['HOST', { HOST: 'http://0.0.0.0' }, 'HOST must be the address to listen on, such as 0.0.0.0, 127.0.0.1 or ::, or a host name (got "http://0.0.0.0").'],
    ['ALLOW_UNAUTHENTICATED', { ALLOW_UNAUTHENTICATED: 'yes' }, 'ALLOW_UNAUTHENTICATED must be true or false, or empty for false (got "yes").'],
    ['IMPORT_FILE_HOSTS', { IMPORT_FILE_HOSTS: 'https://contoso.sharepoint.com/' }, 'IMPORT_FILE_HOSTS must be comma-separated host names, or suffixes starting with a dot, of your SharePoint and OneDrive, such as contoso.sharepoint.com,contoso-my.sharepoint.com or .sharepoint.com (got "https://contoso.sharepoint.com/").'],
    ['IMPORT_FILE_HOSTS', { IMPORT_FILE_HOSTS: '.com' }, 'IMPORT_FILE_HOSTS must be comma-separated host names, or suffixes starting with a dot, of your SharePoint and OneDrive, such as contoso.sharepoint.com,contoso-my.sharepoint.com or .sharepoint.com (got ".com").'],
    ['IMPORT_FILE_HOSTS', { IMPORT_FILE_HOSTS: '169.254.169.254' }, 'IMPORT_FILE_HOSTS must be comma-separated host names, or suffixes starting with a dot, of your SharePoint and OneDrive, such as contoso.sharepoint.com,contoso-my.sharepoint.com or .sharepoint.com (got "169.254.169.254").'],
    ['MicrosoftAppId', { NODE_ENV: 'production' }, 'MicrosoftAppId must be set when NODE_ENV is production: without it the bot would accept anyone\'s messages without authentication (got "").'],
    ['HOST', { HOST: '0.0.0.0' }, 'HOST is "0.0.0.0" but MicrosoftAppId is empty, so anyone who can reach that interface could post as anyone, admins included: set MicrosoftAppId, or listen on 127.0.0.1, or set ALLOW_UNAUTHENTICATED=true to accept the risk (development only).'],
    [
      'BOT_DOMAIN',
      { BOT_DOMAIN: 'https://bot.example.org' },
      'BOT_DOMAIN must be the bot\'s host name without https://, such as decisions.example.org (got "https://bot.example.org").',
    ],
  ])('refuses a bad %s with one line naming it', (variable, env, message) => {
    const error = failure(env);
    expect(error.variable).toBe(variable);
    expect(error.message).toBe(message);
  });

  it('needs a tenant id for SingleTenant and UserAssignedMSI', () => {
    for (const type of ['SingleTenant', 'UserAssignedMSI']) {
      const error = failure({ MicrosoftAppId: appId, MicrosoftAppPassword: 'x', MicrosoftAppType: type });
      expect(error.variable).toBe('MicrosoftAppTenantId');
      expect(error.message).toContain(`when MicrosoftAppType is ${type}`);
    }
    expect(
      loadConfig({ MicrosoftAppId: appId, MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: tenant })
        .microsoftApp.password,
    ).toBe('');
  });

  it('needs a password with an app id, and never echoes one', () => {
    const missing = failure({ MicrosoftAppId: appId });
    expect(missing.variable).toBe('MicrosoftAppPassword');
    expect(missing.message).toMatch(/^MicrosoftAppPassword must be set/);
    const secret = 'hunter2-very-secret';
    const bad = failure({ MicrosoftAppId: 'oops', MicrosoftAppPassword: secret });
    expect(bad.message).not.toContain(secret);
  });

  it('needs a long enough EXPORT_SIGNING_KEY, and never echoes it', () => {
    const key = 'short-but-secret';
    const error = failure({ EXPORT_SIGNING_KEY: key });
    expect(error.variable).toBe('EXPORT_SIGNING_KEY');
    expect(error.message).toBe(
      'EXPORT_SIGNING_KEY must be at least 32 characters long (e.g. the output of `openssl rand -hex 32`), or empty for a random key per process (it has 16).',
    );
    expect(error.message).not.toContain(key);
    expect(loadConfig({ EXPORT_SIGNING_KEY: '  ' }).exportSigningKey).toBeNull();
    expect(loadConfig({ PUBLIC_URL: 'http://localhost:3978' }).publicUrl).toBe('http://localhost:3978');
  });

  it('hides the password of a bad DATABASE_URL', () => {
    const error = failure({ DATABASE_URL: 'mysql://bot:topsecret@db/x' });
    expect(error.message).toContain('"mysql://bot:***@db/x"');
    expect(error.message).not.toContain('topsecret');
  });

  it('keeps messages on one line whatever the value holds', () => {
    const error = failure({ PORT: '12\n34' });
    expect(error.message).toBe('PORT must be a whole number from 1 to 65535 (got "12\\n34").');
    expect(error.message).not.toMatch(/\n/);
  });

  it('reports the first bad variable in table order', () => {
    expect(failure({ LOG_LEVEL: 'x', PORT: 'y' }).variable).toBe('PORT');
  });
});

describe('.env.example', () => {
  const text = fs.readFileSync(path.join(__dirname, '..', '..', '.env.example'), 'utf8');

  it('lists every variable, each after a comment, and loads as it stands', () => {
    const values = dotenv.parse(text);
    for (const name of [
      ...configVariables,
      'BOT_DOMAIN',
      'APP_DEVELOPER_NAME',
      'APP_WEBSITE_URL',
      'APP_PRIVACY_URL',
      'APP_TERMS_URL',
    ]) {
      expect(Object.keys(values)).toContain(name);
      const lines = text.split('\n');
      const at = lines.findIndex((l) => l.startsWith(`${name}=`));
      const above = lines
        .slice(0, at)
        .reverse()
        .find((l) => !/^[A-Za-z_]+=/.test(l));
      expect({ name, commented: above?.startsWith('#') }).toEqual({ name, commented: true });
    }
    expect(loadConfig(values)).toMatchObject({ port: 3978, authEnabled: false, databaseUrl: null });
  });
});

describe('README configuration table', () => {
  it('has a row for every variable', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
    for (const name of configVariables) expect(readme).toContain(`| \`${name}\` |`);
  });
});
