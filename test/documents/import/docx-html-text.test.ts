import { decodeEntities, docxHtmlToText } from '../../../documents/import/docx-html-text';

describe('docxHtmlToText', () => {
  it('turns headings, numbered and bulleted lists, and tables into the lines the parser reads', () => {
    const html =
      '<h1>DMPC Decision – PCD 1065</h1><p><strong>Title:</strong> A &amp; B</p>' +
      '<ol><li>First</li><li>Second<ul><li>nested point</li></ul></li><li>Third</li></ol>' +
      '<table><tr><td><p>Service</p></td><td><p>2023/24</p></td></tr><tr><td><p>Youth</p><p>work</p></td><td><p>£1,000</p></td></tr><tr><td></td><td></td></tr></table>' +
      '<p>Line one<br />line two</p>';
    expect(docxHtmlToText(html)).toBe(
      [
        '# DMPC Decision – PCD 1065',
        'Title: A & B',
        '1. First',
        '2. Second',
        '  - nested point',
        '3. Third',
        'Service\t2023/24',
        'Youth work\t£1,000',
        'Line one',
        'line two',
        '',
      ].join('\n'),
    );
  });

  it('decodes named and numeric entities', () => {
    expect(decodeEntities('&lt;b&gt; &quot;x&quot; &#39;y&#39; &#x20AC;5 &#163;6 &unknown;')).toBe(
      '<b> "x" \'y\' €5 £6 &unknown;',
    );
  });
});
