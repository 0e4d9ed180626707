/**
 * What a test server starts with: a free loopback port, the lowdb store the test opened, no app id
 * (so no authentication), no admins, no tenant filter, and a log that keeps only errors, which
 * fail the test unless it expects them (turn-failures.ts). Tests override the rest.
 */
import type { GovernanceProfile } from '../../domain/profile';
import type { ServerOptions } from '../../app/server';
import type { Store } from '../../storage/store';
import { recordingLogger } from './turn-failures';

export function testServerOptions(
  store: Store,
  profile: GovernanceProfile,
  overrides: Partial<ServerOptions> = {},
): ServerOptions {
  return {
    port: 0,
    host: '127.0.0.1',
    store,
    storeKind: 'lowdb',
    profile,
    appId: '',
    appPassword: '',
    appType: 'MultiTenant',
    appTenantId: '',
    admins: [],
    allowedTenants: [],
    logger: recordingLogger(),
    ...overrides,
  };
}
