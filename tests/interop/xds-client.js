// A long-running @grpc/grpc-js-xds client for interop tests. It reads its xDS bootstrap from
// GRPC_XDS_BOOTSTRAP_CONFIG, calls Echo.Unary on the target it is given, and takes commands on stdin:
//   call N     -> makes N unary calls (16 in flight) and prints one JSON line:
//                 {"servers":{"v1":812,"v2":188},"errors":{"UNAVAILABLE":0}}
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

function unary(i) {
  return new Promise((resolve) => {
    const deadline = new Date(Date.now() + 5000);
    client.unary({ message: `call ${i}` }, { deadline }, (error, reply) => {
      resolve(error ? { error: grpc.status[error.code] || String(error.code), detail: error.details } : { server: reply.server });
    });
  });
}

async function call(count) {
  const servers = {};
  const errors = {};
  let lastError = '';
  let next = 0;
  async function worker() {
    while (next < count) {
      const result = await unary(next++);
      if (result.server !== undefined) {
        servers[result.server] = (servers[result.server] || 0) + 1;
      } else {
        errors[result.error] = (errors[result.error] || 0) + 1;
        lastError = result.detail;
      }
    }
  }
  await Promise.all(Array.from({ length: 16 }, worker));
  return { servers, errors, lastError };
}

const input = readline.createInterface({ input: process.stdin });
let queue = Promise.resolve();
input.on('line', (line) => {
  const [command, argument] = line.trim().split(/\s+/);
  if (command === 'call') {
    queue = queue.then(async () => {
      process.stdout.write(JSON.stringify(await call(Number(argument))) + '\n');
    });
  }
});
input.on('close', () => queue.then(() => { client.close(); process.exit(0); }));
process.stdout.write(JSON.stringify({ ready: true }) + '\n');
