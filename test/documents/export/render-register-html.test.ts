import { publishedDecisions, renderRegisterHtml } from '../../../documents/export/render-register-html';
import { mopacProfile } from '../../fixtures/profiles';
import { seedDecision } from '../../fixtures/seed-decision';

describe('renderRegisterHtml', () => {
  const published = seedDecision();
  const deferred = seedDecision({
    ref: 'PCD 1070',
    title: 'SECRET deferred title',
    part1Deferral: { until: '2022-06-01', reason: 'SECRET reason' },
  });
  const draft = seedDecision({
    ref: 'PCD 1071',
    title: 'SECRET draft title',
    status: 'draft',
    approvedAt: null,
    signatures: {},
    ticks: {},
  });
  const pending = seedDecision({
    ref: 'PCD 1072',
    title: 'SECRET pending title',
    status: 'awaiting_decision_maker',
    approvedAt: null,
  });
  const withdrawn = seedDecision({
    ref: 'PCD 1073',
    title: 'SECRET withdrawn title',
    status: 'withdrawn',
    approvedAt: null,
  });
  const evil = seedDecision({
    ref: 'PCD 1074',
    title: '<script>alert(1)</script>',
    approvedAt: '2021-12-01T12:00:00.000Z',
  });
  const all = [published, deferred, draft, pending, withdrawn, evil];

  it('lists only decisions whose Part 1 is published, newest first, linking to each record', () => {
    const html = renderRegisterHtml(all, mopacProfile, '2022-01-10');
    expect(html).toContain(
      '<th scope="row"><a href="/decisions/PCD%201065">PCD 1065</a></th><td>Criminal Justice System - 2022/23 Commissioning Decisions</td><td>Deputy Mayor for Policing and Crime</td><td class="amount">£3,740,000</td><td>2021-11-26</td><td>2021-11-26</td>',
    );
    expect(html.indexOf('PCD 1074')).toBeLessThan(html.indexOf('PCD 1065'));
    // Nothing unpublished leaks: not the reference, title or deferral reason.
    expect(html).not.toMatch(/SECRET|PCD 1070|PCD 1071|PCD 1072|PCD 1073/);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('adds a deferred decision on its deferral date', () => {
    expect(publishedDecisions(all, '2022-06-01', 'Europe/London').map((p) => [p.decision.ref, p.on])).toEqual([
      ['PCD 1070', '2022-06-01'],
      ['PCD 1074', '2021-12-01'],
      ['PCD 1065', '2021-11-26'],
    ]);
  });

  it('says so when nothing is published', () => {
    expect(renderRegisterHtml([draft], mopacProfile, '2022-01-10')).toContain('<p>No decisions are published yet.</p>');
  });
});
