/**
 * An HTTP request as an attacker sends it, byte by byte: any headers, a body written in chunks
 * (chunked transfer encoding unless a Content-Length is given), and writing stops as soon as the
 * server answers, so a test can tell "refused before reading the body" from "read it all". A
 * server that answers and closes mid-upload is normal here, not an error.
 */
import http from 'node:http';

export interface RawAnswer {
  /** null when the server closed the connection without an answer. */
  readonly status: number | null;
  readonly text: string;
  /** Body bytes handed to the socket before the answer came (or the upload ended). */
  readonly bytesWritten: number;
}

export interface RawRequest {
  readonly method?: string;
  readonly headers: Record<string, string>;
  /** The body; written `chunkSize` bytes at a time. */
  readonly body: Buffer;
  /** Write only this much of the body, then wait for the answer (a declared length left unsent). */
  readonly sendOnly?: number;
  readonly chunkSize?: number;
}

export function rawRequest(url: string, request: RawRequest): Promise<RawAnswer> {
  return new Promise((resolve) => {
    let answered = false;
    let written = 0;
    let settled = false;
    const done = (answer: RawAnswer) => {
      if (settled) return;
      settled = true;
      req.destroy();
      agent.destroy();
      resolve(answer);
    };
    // Keep-alive, as Bot Framework and curl send: a `Connection: close` request is closed by Node
    // as soon as it is answered.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const req = http.request(url, { method: request.method ?? 'POST', headers: request.headers, agent });
    req.on('response', (res) => {
      answered = true;
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => done({ status: res.statusCode ?? null, text, bytesWritten: written }));
      res.on('error', () => done({ status: res.statusCode ?? null, text, bytesWritten: written }));
    });
    req.on('error', () => {
      if (!answered) done({ status: null, text: '', bytesWritten: written });
    });
    const limit = Math.min(request.sendOnly ?? request.body.length, request.body.length);
    const chunkSize = request.chunkSize ?? 64 * 1024;
    const pump = () => {
      while (!answered && !req.destroyed && written < limit) {
        const chunk = request.body.subarray(written, Math.min(written + chunkSize, limit));
        written += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', () => setImmediate(pump));
      }
      if (!answered && !req.destroyed && request.sendOnly === undefined) req.end();
    };
    req.flushHeaders();
    setImmediate(pump);
  });
}

/** A multipart/form-data body holding one file of `size` bytes, as a browser or curl -F sends it. */
export function multipartBody(
  size: number,
  boundary = '----decision-tracker-test',
): { body: Buffer; contentType: string } {
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="fill.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    body: Buffer.concat([head, Buffer.alloc(size, 0x41), tail]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}
