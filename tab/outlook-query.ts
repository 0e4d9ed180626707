/**
 * The funding outlook a viewer may see on `today`: the register's rules (publication.ts visibleTo:
 * drafts, decisions in sign-off and deferred Part 1s only for those allowed), then the pure
 * fundingOutlook, over the store's summaries (never the full records). Rejected and withdrawn
 * decisions commit nothing, so the store leaves them out.
 */
import type { ViewerScope } from '../domain/authority';
import { COMMITTED_STATUSES, fundingOutlook, type FundingOutlook } from '../domain/funding-outlook';
import type { GovernanceProfile } from '../domain/profile';
import type { IsoDate } from '../domain/types';
import { visibleTo } from '../documents/export/publication';
import type { Store } from '../storage/store';

export async function outlookFor(
  store: Store,
  profile: GovernanceProfile,
  scope: ViewerScope,
  today: IsoDate,
): Promise<FundingOutlook> {
  const summaries = await store.listSummaries({ statuses: COMMITTED_STATUSES });
  return fundingOutlook(visibleTo(scope, summaries, today, profile.timeZone), profile, today);
}
