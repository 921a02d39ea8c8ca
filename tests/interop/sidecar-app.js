'use strict';
// A plain Node.js `http` application behind mesh-sidecar, for the sidecar tests.
// Usage: node sidecar-app.js --port 0 --outbound PORT
// Prints {"port":N} once bound. Serves:
//   GET /hello            -> {"app":"node","host":...,"forwardedFor":...,"path":...}
//   GET /slow?ms=N        -> waits N ms, then {"slow":N}
//   GET /call?host=H&path=P&n=N&concurrency=C -> makes N calls to http://H/P through the sidecar's outbound
//                            port (Host header H) and answers {"statuses":{...},"bodies":{...},"flags":{...}}
const http = require('http');
const { parseArgs } = require('./echo-common');

const args = parseArgs(process.argv.slice(2));
const outbound = Number(args.outbound || process.env.MESH_OUTBOUND_PORT || 15001);
const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

function callOnce(host, path) {
  return new Promise((resolve) => {
    const request = http.request({ host: '127.0.0.1', port: outbound, path, agent, headers: { host } }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => { body += chunk; });
      response.on('end', () => resolve({ status: response.statusCode, body: body.trim(), flags: response.headers['x-mesh-response-flags'] || '' }));
    });
    request.on('error', (error) => resolve({ status: 0, body: String(error), flags: '' }));
    request.end();
  });
}

async function callMany(host, path, n, concurrency) {
  const result = { statuses: {}, bodies: {}, flags: {} };
  let next = 0;
  async function worker() {
    while (next < n) {
      next++;
      const { status, body, flags } = await callOnce(host, path);
      result.statuses[status] = (result.statuses[status] || 0) + 1;
      result.bodies[body] = (result.bodies[body] || 0) + 1;
      if (flags) {
        result.flags[flags] = (result.flags[flags] || 0) + 1;
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  return result;
}

const server = http.createServer(async (request, response) => {
  const url = new URL(request.url, 'http://app');
  const send = (status, object) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(object));
  };
  if (url.pathname === '/slow') {
    const ms = Number(url.searchParams.get('ms') || 1000);
    setTimeout(() => send(200, { slow: ms }), ms);
  } else if (url.pathname === '/call') {
    const result = await callMany(
      url.searchParams.get('host'),
      url.searchParams.get('path') || '/',
      Number(url.searchParams.get('n') || 1),
      Number(url.searchParams.get('concurrency') || 4));
    send(200, result);
  } else {
    send(200, { app: 'node', host: request.headers.host, forwardedFor: request.headers['x-forwarded-for'] || null, path: request.url });
  }
});

server.listen(Number(args.port || 0), '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n');
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
