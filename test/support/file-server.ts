/**
 * A local HTTP server standing in for where Teams keeps an attached file (SharePoint/OneDrive
 * behind a download link, or the connector's attachment store). Serves bodies by path and records
 * each request's Authorization header; `chunked` bodies are sent without a Content-Length.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ServedFile {
  readonly body: Buffer;
  readonly status?: number;
  /** Send without Content-Length, in 64 KB chunks. */
  readonly chunked?: boolean;
  /** Extra response headers, e.g. a redirect's Location. */
  readonly headers?: Record<string, string>;
}

export interface FileServer {
  readonly url: string;
  readonly requests: { path: string; authorization: string | undefined }[];
  /** Bytes actually written for each path (a refused download stops early). */
  readonly written: Map<string, number>;
  serve(path: string, file: ServedFile): string;
  close(): Promise<void>;
}

export async function startFileServer(): Promise<FileServer> {
  const files = new Map<string, ServedFile>();
  const requests: FileServer['requests'] = [];
  const written = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push({ path, authorization: req.headers.authorization });
    const file = files.get(path);
    if (!file) {
      res.writeHead(404);
      res.end();
      return;
    }
    if (!file.chunked) {
      res.writeHead(file.status ?? 200, { 'content-type': 'application/octet-stream', 'content-length': String(file.body.length), ...file.headers });
      res.end(file.body);
      written.set(path, file.body.length);
      return;
    }
    res.writeHead(file.status ?? 200, { 'content-type': 'application/octet-stream', ...file.headers });
    let offset = 0;
    const pump = () => {
      while (offset < file.body.length) {
        const chunk = file.body.subarray(offset, offset + 64 * 1024);
        offset += chunk.length;
        written.set(path, offset);
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    res.on('error', () => undefined);
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    written,
    serve(path, file) {
      files.set(path, file);
      return `${url}${path}`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
