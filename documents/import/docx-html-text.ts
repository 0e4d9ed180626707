/**
 * mammoth's HTML for a Word document, as the text the decision parser reads: headings as "#"
 * lines, numbered lists as "1. …", bullets as "- …", each table row as one tab-separated line.
 * mammoth's raw-text mode loses exactly these (Word numbering, table rows), which carry the
 * recommendations and the funding tables, so the import reads the HTML instead. mammoth's HTML
 * is a small, regular vocabulary; this reads only that.
 */

const ENTITY: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return ENTITY[name.toLowerCase()] ?? whole;
  });
}

interface ListState {
  readonly ordered: boolean;
  counter: number;
}

export function docxHtmlToText(html: string): string {
  const lines: string[] = [];
  const lists: ListState[] = [];
  let buffer = '';
  let prefix = '';
  let row: string[] | null = null;
  let cell: string[] | null = null;

  const flush = (): void => {
    const text = buffer.replace(/\s+/g, ' ').trim();
    buffer = '';
    if (text === '') return;
    if (cell !== null) cell.push(text);
    else lines.push(`${prefix}${text}`);
    prefix = '';
  };

  for (const token of html.matchAll(/<(\/?)([a-z0-9]+)\b[^>]*?(\/?)>|([^<]+)/gi)) {
    const [, closing, rawName, selfClosing, text] = token;
    if (text !== undefined) {
      buffer += decodeEntities(text);
      continue;
    }
    const name = (rawName ?? '').toLowerCase();
    const open = closing === '' && selfClosing === '';
    switch (name) {
      case 'h1': case 'h2': case 'h3': case 'h4': case 'h5': case 'h6':
        flush();
        if (open && cell === null) prefix = `${'#'.repeat(Number(name.slice(1)))} `;
        break;
      case 'p':
        flush();
        break;
      case 'br':
        if (cell !== null) buffer += ' ';
        else flush();
        break;
      case 'ol': case 'ul':
        flush();
        if (open) lists.push({ ordered: name === 'ol', counter: 0 });
        else lists.pop();
        break;
      case 'li': {
        flush();
        const list = lists[lists.length - 1];
        if (open && list && cell === null) {
          list.counter += 1;
          prefix = `${'  '.repeat(lists.length - 1)}${list.ordered ? `${list.counter}.` : '-'} `;
        }
        break;
      }
      case 'table':
        flush();
        break;
      case 'tr':
        flush();
        if (open) row = [];
        else if (row !== null) {
          if (row.some((c) => c !== '')) lines.push(row.join('\t'));
          row = null;
        }
        break;
      case 'td': case 'th':
        if (open) {
          flush();
          cell = [];
        } else {
          flush();
          if (row !== null && cell !== null) row.push(cell.join(' ').replace(/\t/g, ' '));
          cell = null;
        }
        break;
      default:
        // Inline markup (strong, em, a, sup, sub, span, img): its text stays, the tag goes.
        break;
    }
  }
  flush();
  return `${lines.join('\n')}\n`;
}
