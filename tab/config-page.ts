/**
 * The channel tab's configuration page (manifest configurableTabs): nothing to choose, so it
 * tells Teams at once that the tab is valid and, on save, that its content is the Register.
 */
import { page, linksFor } from './page-layout';

export function configPage(): string {
  return page({
    title: 'Add the register to this channel',
    current: 'other',
    viewer: null,
    links: linksFor(null),
    body: [
      '<p id="tab-config" data-content-path="/tab/register" data-entity="register">',
      'The Register tab lists every decision each viewer may see, with filters and a CSV download; ',
      'its Funding outlook shows their money per year, the funding ending soon and the sign-off pipeline as charts. ',
      'Select Save to add it.</p>',
    ],
  });
}
