/**
 * A `.docx` is a zip, and a zip can unpack to far more than it weighs (a zip bomb), so before
 * mammoth opens one its archive is checked here: the central directory is read by hand, the
 * number of parts capped, and the sizes the directory declares added up; then, because a
 * directory can lie, every part is actually inflated with a cap on its output (zlib's
 * maxOutputLength), so the total really unpacked never passes the limit and memory stays
 * bounded. Encrypted parts, methods other than stored and deflate, and ZIP64 (never needed by a
 * document under 5 MB) are refused as not a Word document.
 */
import { constants } from 'node:buffer';
import { inflateRawSync } from 'node:zlib';

export const MAX_DOCX_UNPACKED_BYTES = 50 * 1024 * 1024;
export const MAX_DOCX_PARTS = 1000;

export interface ArchiveLimits {
  readonly maxUnpackedBytes: number;
  readonly maxParts: number;
}

export type ArchiveVerdict =
  { readonly ok: true } | { readonly ok: false; readonly why: 'too-many-parts' | 'too-large' | 'not-a-zip' };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const NOT_A_ZIP: ArchiveVerdict = { ok: false, why: 'not-a-zip' };

/** Offset of the end-of-central-directory record (it sits in the last 22 + 65,535 bytes). */
function endRecordOffset(bytes: Buffer): number {
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--)
    if (bytes.readUInt32LE(at) === EOCD) return at;
  return -1;
}

interface Part {
  readonly flags: number;
  readonly method: number;
  readonly compressedSize: number;
  readonly declaredSize: number;
  readonly localOffset: number;
}

/** The central directory's entries, or a verdict when it is not one we read or holds too many. */
function centralDirectory(bytes: Buffer, limits: ArchiveLimits): Part[] | ArchiveVerdict {
  const end = endRecordOffset(bytes);
  if (end < 0) return NOT_A_ZIP;
  const count = bytes.readUInt16LE(end + 10);
  const size = bytes.readUInt32LE(end + 12);
  const offset = bytes.readUInt32LE(end + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff || offset + size > end) return NOT_A_ZIP;
  if (count > limits.maxParts) return { ok: false, why: 'too-many-parts' };
  const parts: Part[] = [];
  // Walked to the directory's end, not trusted by its count: a record may understate it.
  for (let at = offset; at < offset + size;) {
    if (at + 46 > end || bytes.readUInt32LE(at) !== CENTRAL) return NOT_A_ZIP;
    if (parts.length === limits.maxParts) return { ok: false, why: 'too-many-parts' };
    parts.push({
      flags: bytes.readUInt16LE(at + 8),
      method: bytes.readUInt16LE(at + 10),
      compressedSize: bytes.readUInt32LE(at + 20),
      declaredSize: bytes.readUInt32LE(at + 24),
      localOffset: bytes.readUInt32LE(at + 42),
    });
    at += 46 + bytes.readUInt16LE(at + 28) + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
  }
  return parts;
}

/** The bytes of one part unpacked, at most `budget` of them; null when it would unpack to more. */
function unpackedSize(bytes: Buffer, part: Part, budget: number): number | null | 'bad' {
  const at = part.localOffset;
  if (at + 30 > bytes.length || bytes.readUInt32LE(at) !== LOCAL) return 'bad';
  const start = at + 30 + bytes.readUInt16LE(at + 26) + bytes.readUInt16LE(at + 28);
  if (start + part.compressedSize > bytes.length) return 'bad';
  const data = bytes.subarray(start, start + part.compressedSize);
  if (part.method === 0) return data.length > budget ? null : data.length;
  try {
    return inflateRawSync(data, { maxOutputLength: Math.min(constants.MAX_LENGTH, Math.max(1, budget)) }).length;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError ? null : 'bad';
  }
}

/** Whether mammoth may open this document: at most maxParts parts, unpacking to at most maxUnpackedBytes. */
export function checkDocxArchive(
  bytes: Buffer,
  limits: ArchiveLimits = { maxUnpackedBytes: MAX_DOCX_UNPACKED_BYTES, maxParts: MAX_DOCX_PARTS },
): ArchiveVerdict {
  const parts = centralDirectory(bytes, limits);
  if (!Array.isArray(parts)) return parts;
  let declared = 0;
  for (const part of parts) {
    if (
      (part.flags & 1) !== 0 ||
      (part.method !== 0 && part.method !== 8) ||
      part.declaredSize === 0xffffffff ||
      part.compressedSize === 0xffffffff
    )
      return NOT_A_ZIP;
    declared += part.declaredSize;
    if (declared > limits.maxUnpackedBytes) return { ok: false, why: 'too-large' };
  }
  let unpacked = 0;
  for (const part of parts) {
    const size = unpackedSize(bytes, part, limits.maxUnpackedBytes - unpacked);
    if (size === 'bad') return NOT_A_ZIP;
    if (size === null) return { ok: false, why: 'too-large' };
    unpacked += size;
    if (unpacked > limits.maxUnpackedBytes) return { ok: false, why: 'too-large' };
  }
  return { ok: true };
}
