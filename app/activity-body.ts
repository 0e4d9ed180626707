/**
 * The body of `POST /api/messages`, read by hand instead of by restify's body parser, which runs
 * before authentication, accepts any content type and writes multipart uploads to the temp
 * folder. A Bot Framework activity is JSON and small (files arrive as links), so: anything but
 * `application/json` (UTF-8, not compressed) is refused with 415 and a declared length over the
 * cap with 413, both before a byte of the body is read; a chunked body is counted as it arrives
 * and refused with 413 as soon as it passes the cap. The body is held in memory only, never on
 * disk.
 *
 * A client still uploading when refused would see its connection reset rather than the answer if
 * the socket were closed at once (a reset makes its kernel drop the answer it has not read yet), so
 * what is already in flight is drained and dropped (never kept) up to LINGER_BYTES; past that the
 * socket is paused, so TCP flow control holds the client back without a reset, and the connection
 * is cut LINGER_MS after the answer, by when the client has read it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Teams activities are a few KB; a pasted document is the largest thing a message carries. */
export const MAX_ACTIVITY_BYTES = 256 * 1024;

export interface BodyRefusal {
  readonly status: 400 | 413 | 415;
  readonly error: string;
}

export type BodyResult = { readonly body: unknown } | BodyRefusal;

const TOO_LARGE: BodyRefusal = {
  status: 413,
  error: `The body is larger than the ${MAX_ACTIVITY_BYTES / 1024} KB a Bot Framework activity may be.`,
};

/**
 * Refuses what the headers already show to be wrong: the content type, its encoding, a declared
 * length over the cap.
 */
export function headerProblem(req: IncomingMessage, maxBytes = MAX_ACTIVITY_BYTES): BodyRefusal | null {
  const [mediaType = '', ...parameters] = String(req.headers['content-type'] ?? '')
    .split(';')
    .map((p) => p.trim().toLowerCase());
  if (mediaType !== 'application/json')
    return { status: 415, error: 'The body must be a Bot Framework activity sent as application/json.' };
  const charset = parameters
    .find((p) => p.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/"/g, '');
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')
    return { status: 415, error: 'The body must be UTF-8 JSON.' };
  const encoding = String(req.headers['content-encoding'] ?? 'identity')
    .trim()
    .toLowerCase();
  if (encoding !== 'identity' && encoding !== '')
    return { status: 415, error: 'The body must not be compressed (no Content-Encoding).' };
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > maxBytes) return TOO_LARGE;
  return null;
}

/** Reads the body into memory, stopping at `maxBytes`, and parses it as JSON. */
export function readActivityBody(req: IncomingMessage, maxBytes = MAX_ACTIVITY_BYTES): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const finish = (result: BodyResult) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total > maxBytes) return finish(TOO_LARGE);
      chunks.push(chunk);
    };
    const onEnd = () => {
      try {
        finish({
          body: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks))) as unknown,
        });
      } catch {
        finish({ status: 400, error: 'The body is not valid UTF-8 JSON.' });
      }
    };
    const onError = () => finish({ status: 400, error: 'The body was cut off.' });
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

const LINGER_BYTES = 1024 * 1024;
const LINGER_MS = 2000;

/** Answers a refusal (JSON `{error}`) and drops the rest of the body, within the linger limits. */
export function refuseBody(
  req: IncomingMessage,
  res: ServerResponse & { send(status: number, body: unknown): unknown },
  status: number,
  error: string,
): void {
  res.send(status, { error });
  if (req.complete) return;
  let dropped = 0;
  const timer = setTimeout(() => req.socket.destroy(), LINGER_MS);
  timer.unref();
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > LINGER_BYTES) req.pause();
  });
  req.once('end', () => clearTimeout(timer));
  req.once('close', () => clearTimeout(timer));
  req.resume();
}
