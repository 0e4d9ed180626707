/**
 * The number a reference carries after a prefix, for highestReferenceNumber in both stores:
 * "PCD 1065", "pcd-1065" and "PCD1065" with prefix "PCD" give 1065; "PCD 12/2020" gives null.
 */
import { refKey } from '../domain/reference';

export function referenceNumber(ref: string, prefix: string): number | null {
  const key = refKey(ref);
  const p = refKey(prefix);
  if (p === '' || !key.startsWith(p)) return null;
  const m = /^(\d{1,15})$/.exec(key.slice(p.length));
  return m ? Number(m[1]) : null;
}
