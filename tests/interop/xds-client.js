// A long-running @grpc/grpc-js-xds client for interop tests. It reads its xDS bootstrap from
// GRPC_XDS_BOOTSTRAP_CONFIG, calls Echo.Unary on the target it is given, and takes commands on stdin:
//   call N [name=value ...]
//              -> makes N unary calls (16 in flight), each carrying the given metadata, and prints one
//                 JSON line: {"servers":{"v1":812,"v2":188},"errors":{"UNAVAILABLE":0},"lastError":"",
//                 "fastestMs":1.2,"slowestMs":9.8} (the fastest and slowest call, successful or not)
// It prints {"ready":true} once started and exits when stdin closes.
'use strict';

const path = require('path');
const readline = require('readline');
const grpc = require('@grpc/grpc-js');
const grpcXds = require('@grpc/grpc-js-xds');
const protoLoader = require('@grpc/proto-loader');

const target = process.argv[2] || 'xds:///echo';
grpcXds.register();

const definition = protoLoader.loadSync(path.join(__dirname, 'protos', 'echo.proto'), { keepCase: false });
const Echo = grpc.loadPackageDefinition(definition).mesh.test.echo.Echo;
const client = new Echo(target, grpc.credentials.createInsecure());

function unary(i, headers) {
  return new Promise((resolve) => {
    const deadline = new Date(Date.now() + 5000);
    const metadata = new grpc.Metadata();
    for (const [name, value] of headers) {
      metadata.set(name, value);
    }
    client.unary({ message: `call ${i}` }, metadata, { deadline }, (error, reply) => {
      resolve(error ? { error: grpc.status[error.code] || String(error.code), detail: error.details } : { server: reply.server });
    });
  });
}

async function call(count, headers) {
  const servers = {};
  const errors = {};
  let lastError = '';
  let fastestMs = null;
  let slowestMs = null;
  let next = 0;
  async function worker() {
    while (next < count) {
      const started = process.hrtime.bigint();
      const result = await unary(next++, headers);
      const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
      fastestMs = fastestMs === null ? elapsedMs : Math.min(fastestMs, elapsedMs);
      slowestMs = slowestMs === null ? elapsedMs : Math.max(slowestMs, elapsedMs);
      if (result.server !== undefined) {
        servers[result.server] = (servers[result.server] || 0) + 1;
      } else {
        errors[result.error] = (errors[result.error] || 0) + 1;
        lastError = result.detail;
      }
    }
  }
  await Promise.all(Array.from({ length: 16 }, worker));
  return { servers, errors, lastError, fastestMs, slowestMs };
}

const input = readline.createInterface({ input: process.stdin });
let queue = Promise.resolve();
input.on('line', (line) => {
  const [command, argument, ...pairs] = line.trim().split(/\s+/);
  if (command === 'call') {
    const headers = pairs.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]);
    queue = queue.then(async () => {
      process.stdout.write(JSON.stringify(await call(Number(argument), headers)) + '\n');
    });
  }
});
input.on('close', () => queue.then(() => { client.close(); process.exit(0); }));
process.stdout.write(JSON.stringify({ ready: true }) + '\n');
