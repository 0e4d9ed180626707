/** Baseline: a bare node:http server on loopback that reads the body and answers 200 with a small JSON. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = JSON.stringify({ ok: true, bytes: Buffer.concat(chunks).length });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () =>
  process.stdout.write(JSON.stringify({ ready: (server.address() as AddressInfo).port }) + '\n'),
);
process.once('SIGTERM', () => server.close(() => process.exit(0)));
