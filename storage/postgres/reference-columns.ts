/**
 * The indexed columns that make highestReferenceNumber one index lookup: a reference key such as
 * "pcd1065" splits into the prefix "pcd" and the number 1065, the split referenceNumber
 * (../reference-number.ts) makes for a prefix without digits.
 */
import { refKey } from '../../domain/reference';

export interface ReferenceColumns {
  readonly prefix: string | null;
  readonly number: number | null;
}

export function referenceColumns(ref: string): ReferenceColumns {
  const match = /^(.*?)(\d{1,15})$/u.exec(refKey(ref));
  if (match === null || match[1] === '') return { prefix: null, number: null };
  return { prefix: match[1] as string, number: Number(match[2]) };
}

/**
 * True when the prefix column answers highestReferenceNumber for this prefix exactly: a prefix
 * without digits. Others are answered by scanning the references with referenceNumber.
 */
export function prefixIsIndexable(prefix: string): boolean {
  const key = refKey(prefix);
  return key !== '' && !/\d/u.test(key);
}
