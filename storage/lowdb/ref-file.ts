/**
 * The file name (without extension) of a decision, from its reference key ("pcd1065"): letters,
 * digits, '-' and '_' stay, every other byte becomes %XX, so distinct keys never share a file
 * and no name starts with a dot (dot files are temp files).
 */
export function refFileStem(key: string): string {
  let out = '';
  for (const byte of Buffer.from(key, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9_-]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
