/**
 * A fast fake Bot Connector for the benchmarks, in a process of its own: answers every
 * POST/PUT under /v3/conversations with an activity id at once and counts what it got
 * (GET /stats), so the bot's replies and card updates cost the bot what they would in Teams.
 * GET /updates: when each card update (PUT …/activities/<id>) arrived, [id, epoch ms] in order.
 */
import http from 'node:http';

const port = Number(process.argv[2] ?? 0);
const counts: Record<string, number> = { post: 0, put: 0, other: 0 };
let next = 0;
/** Card updates as they arrived, the latest 200,000. */
const updates: [string, number][] = [];

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/updates') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(updates));
    return;
  }
  if (req.method === 'PUT') {
    updates.push([decodeURIComponent(req.url?.split('/activities/')[1] ?? ''), Date.now()]);
    if (updates.length > 200_000) updates.splice(0, 100_000);
  }
  if (req.method === 'GET' && req.url === '/stats') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(counts));
    return;
  }
  req.resume();
  req.on('end', () => {
    const kind = req.method === 'POST' ? 'post' : req.method === 'PUT' ? 'put' : 'other';
    counts[kind] = (counts[kind] ?? 0) + 1;
    const body = JSON.stringify({ id: `activity-${++next}` });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(port, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(JSON.stringify({ ready: typeof address === 'object' && address ? address.port : port }) + '\n');
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
