/** Only tenants on ALLOWED_TENANTS may use the bot (when the list is set); others are ignored, invokes get 403. */
import { ActivityTypes, type TurnContext } from 'botbuilder';
import type { BotDeps } from './bot-context';

/** The tenant an activity comes from: the conversation's, else Teams' channel data. */
export function tenantOf(context: TurnContext): string | null {
  const a = context.activity;
  return a.conversation?.tenantId ?? (a.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ?? null;
}

/** True when the turn may go on; otherwise logs it, answers an invoke with 403, and returns false. */
export async function admitTenant(
  deps: Pick<BotDeps, 'allowedTenants' | 'logger'>,
  context: TurnContext,
): Promise<boolean> {
  if (deps.allowedTenants.size === 0) return true;
  const tenant = tenantOf(context);
  if (tenant && deps.allowedTenants.has(tenant)) return true;
  deps.logger.warn('activity from a tenant that is not allowed was ignored', { tenant, type: context.activity.type });
  if (context.activity.type === ActivityTypes.Invoke) {
    await context.sendActivity({ type: 'invokeResponse', value: { status: 403 } });
  }
  return false;
}
