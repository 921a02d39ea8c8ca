'use strict';
// eShopMesh Recommendations: a plain Node.js `http` service that joins the mesh through mesh-sidecar.
// It listens on loopback only (127.0.0.1:PORT); callers reach it through the sidecar's inbound port.
// It calls the catalog as http://127.0.0.1:MESH_OUTBOUND_PORT with `Host: catalog`, and the sidecar's
// Mesh.Sdk routes that call exactly as it routes a .NET service's (weights, retries, timeouts, mTLS).
//   GET /api/recommendations -> {"source":"recommendations (Node.js v20…)","catalogVersion":"v1","items":[{id,name,price}]}
//   GET /healthz             -> {"status":"ok"}
const http = require('http');

const port = Number(process.env.PORT || 5401);
const outbound = Number(process.env.MESH_OUTBOUND_PORT || 15001);
const agent = new http.Agent({ keepAlive: true });

function getJson(service, path, headers) {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port: outbound, path, agent, headers: { ...headers, host: service }, timeout: 5000 }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => { body += chunk; });
      response.on('end', () => {
        if (response.statusCode !== 200) {
          reject(new Error(`${service}${path} answered ${response.statusCode}: ${body.trim()}`));
          return;
        }
        try {
          resolve(JSON.parse(body));
        } catch (error) {
          reject(new Error(`${service}${path} answered something that is not JSON: ${error.message}`));
        }
      });
    });
    request.on('timeout', () => request.destroy(new Error(`${service}${path} did not answer within 5 s`)));
    request.on('error', reject);
  });
}

// Products on sale first, then the dearest: what a shop would push.
function recommend(products) {
  return [...products]
    .sort((a, b) => (b.badge ? 1 : 0) - (a.badge ? 1 : 0) || b.price - a.price)
    .slice(0, 3)
    .map(({ id, name, price }) => ({ id, name, price }));
}

function send(response, status, object) {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(object));
}

const server = http.createServer(async (request, response) => {
  const { pathname } = new URL(request.url, 'http://recommendations');
  if (pathname === '/healthz') {
    send(response, 200, { status: 'ok' });
    return;
  }
  if (pathname !== '/api/recommendations') {
    send(response, 404, { error: `no such path ${pathname}; try /api/recommendations` });
    return;
  }
  try {
    // The caller's canary pin travels on, so the recommendations come from the catalog version the page shows.
    const pin = request.headers['x-catalog-version'];
    const catalog = await getJson('catalog', '/api/products', pin ? { 'x-catalog-version': pin } : {});
    send(response, 200, {
      source: `recommendations (Node.js ${process.version})`,
      catalogVersion: catalog.catalogVersion,
      items: recommend(catalog.products),
    });
  } catch (error) {
    send(response, 502, { error: String(error.message || error) });
  }
});

server.listen(port, '127.0.0.1', () => {
  console.log(`recommendations listening on 127.0.0.1:${port}; calls the mesh through the sidecar on 127.0.0.1:${outbound}`);
});

function stop() {
  server.close(() => process.exit(0));
  agent.destroy();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
