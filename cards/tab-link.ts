/**
 * Deep links into the app's tab: Teams opens the personal Register tab (entity "register") and
 * hands the page the decision's reference as the sub-entity id, which the page's script turns
 * into that decision's page. The app id is the manifest's id, which is the bot's app id.
 */
export const REGISTER_ENTITY = 'register';

export function tabDeepLink(appId: string, ref: string, label = 'Register'): string {
  const context = encodeURIComponent(JSON.stringify({ subEntityId: ref }));
  return `https://teams.microsoft.com/l/entity/${encodeURIComponent(appId)}/${REGISTER_ENTITY}?label=${encodeURIComponent(label)}&context=${context}`;
}
