import { escapeHtml, renderHtml } from '../../../documents/export/render-html';
import { mopacProfile } from '../../fixtures/profiles';
import { seedDecision } from '../../fixtures/seed-decision';

describe('renderHtml', () => {
  it('is a complete document with the seed layout: title block, funding table with totals, signature blocks', () => {
    const html = renderHtml(seedDecision(), mopacProfile, { heading: 'DMPC Decision' });
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">/);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).toContain('<title>PCD 1065: Criminal Justice System - 2022/23 Commissioning Decisions</title>');
    expect(html).toContain('<h1>DMPC Decision – PCD 1065</h1>');
    expect(html).toContain('<h1>Title: Criminal Justice System - 2022/23 Commissioning Decisions</h1>');
    expect(html).toContain(
      '<li>Approve the one-year funding of three Criminal Justice System projects in 2022/23, at a total financial commitment of £1,410,000.</li>',
    );
    expect(html).toContain(
      '<tr><th scope="row">Women&#39;s wrap around service</th><td class="amount">£920,000</td><td class="amount">£760,000</td><td class="amount">£650,000</td><td class="amount">£2,330,000</td><td>Police Grant</td></tr>',
    );
    expect(html).toContain(
      '<tr class="total"><th scope="row">Total</th><td class="amount">£2,330,000</td><td class="amount">£760,000</td><td class="amount">£650,000</td><td class="amount">£3,740,000</td><td></td></tr>',
    );
    expect(html).toMatch(
      /<section class="signature decision-maker">\n<h2>Deputy Mayor for Policing and Crime<\/h2>[\s\S]*<p>Interests declared: None<\/p>[\s\S]*<p>Date: 26 November 2021<\/p>/,
    );
    expect(html).toMatch(
      /<section class="signature chief-executive">\n<h2>Chief Executive Officer<\/h2>[\s\S]*<p>Date: 26 November 2021<\/p>/,
    );
    expect(html).toContain('Is there a Part 2 form - <strong>NO</strong>');
    expect(html).toContain('<span class="tick" aria-label="confirmed">✓</span> Ruth Bloomfield, 23 November 2021');
  });

  it('escapes every user string: a <script> title, service, paper and reason stay text', () => {
    const evil = '<script>alert("x")</script>';
    const html = renderHtml(
      seedDecision({
        title: `Title ${evil}`,
        summary: `Summary ${evil}`,
        recommendations: [`Rec ${evil}`],
        backgroundPapers: [`Paper ${evil}`],
        part1Deferral: { until: '2022-04-01', reason: `Reason ${evil}` },
        funding: [
          { id: 'x', service: `Svc ${evil}`, source: `Src ${evil}`, allocations: [{ year: 2022, amount: 100 }] },
        ],
      }),
      { ...mopacProfile, name: `Body ${evil}` },
    );
    expect(html).not.toContain('<script>');
    expect(html.match(/&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;/g)?.length).toBeGreaterThanOrEqual(9);
  });

  it('shows that a Part 2 exists and never anything from it', () => {
    const html = renderHtml(seedDecision({ hasPart2: true }), mopacProfile);
    expect(html).toContain('Is there a Part 2 form - <strong>YES</strong>');
  });

  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });
});
