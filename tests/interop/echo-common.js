'use strict';
// Shared by echo-server.js and echo-client.js: loads echo.proto and parses --flag value arguments.
const path = require('path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

function loadEcho() {
  const definition = protoLoader.loadSync(path.join(__dirname, 'protos', 'echo.proto'), {
    keepCase: true,
    longs: Number,
    defaults: true,
  });
  return grpc.loadPackageDefinition(definition).mesh.test.echo;
}

function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i++) {
    if (!argv[i].startsWith('--')) {
      throw new Error(`unexpected argument '${argv[i]}'`);
    }
    const name = argv[i].slice(2);
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) {
      args[name] = true;
    } else {
      args[name] = next;
      i++;
    }
  }
  return args;
}

module.exports = { grpc, loadEcho, parseArgs };
