'use strict';
// A grpc-js Echo client for interop tests: runs one call and prints its outcome as one JSON line.
// Usage: node echo-client.js --target 127.0.0.1:PORT --method Unary|ServerStream|ClientStream|Bidi
//   [--requests '[{"message":"a"}]'] [--deadline-ms N] [--cancel-after-ms N] [--cancel-after-replies N]
//   [--keep-open] [--max-receive N]
//   [--metadata '{"x-key":"v"}'] [--tls-root root.pem --tls-host localhost] [--authority NAME]
// Prints {"replies":[{message,server,payloadLength}],"code":N,"details":"...","trailers":{...},"headers":{...}}.
const fs = require('fs');
const { grpc, loadEcho, parseArgs } = require('./echo-common');

const args = parseArgs(process.argv.slice(2));
const echo = loadEcho();
const requests = JSON.parse(args.requests || '[{"message":"hello"}]');
const options = {};
if (args['max-receive']) {
  options['grpc.max_receive_message_length'] = Number(args['max-receive']);
}
if (args.authority) {
  // Calls through a proxy such as mesh-sidecar name the service in :authority, not in the target address.
  options['grpc.default_authority'] = args.authority;
}
if (args['tls-host']) {
  options['grpc.ssl_target_name_override'] = args['tls-host'];
}
const credentials = args['tls-root']
  ? grpc.credentials.createSsl(fs.readFileSync(args['tls-root']))
  : grpc.credentials.createInsecure();
const client = new echo.Echo(args.target, credentials, options);

const metadata = new grpc.Metadata();
for (const [key, value] of Object.entries(JSON.parse(args.metadata || '{}'))) {
  metadata.set(key, value);
}
const callOptions = {};
if (args['deadline-ms']) {
  callOptions.deadline = new Date(Date.now() + Number(args['deadline-ms']));
}

const result = { replies: [], code: null, details: null, trailers: {}, headers: {} };
let done = false;

function toObject(md) {
  const object = {};
  for (const [key, values] of Object.entries(md.getMap())) {
    object[key] = Buffer.isBuffer(values) ? values.toString('base64') : String(values);
  }
  return object;
}

let activeCall = null;

function record(message) {
  result.replies.push({ message: message.message, server: message.server, payloadLength: message.payload.length });
  if (activeCall && result.replies.length === Number(args['cancel-after-replies'])) {
    activeCall.cancel();
  }
}

function finish(error, trailers) {
  if (done) {
    return;
  }
  done = true;
  result.code = error ? error.code : 0;
  result.details = error ? error.details : '';
  const md = error ? error.metadata : trailers;
  if (md) {
    result.trailers = toObject(md);
  }
  process.stdout.write(JSON.stringify(result) + '\n');
  client.close();
}

function observe(call) {
  call.on('metadata', (md) => { result.headers = toObject(md); });
  call.on('status', (status) => {
    if (status.code === 0) {
      result.trailers = toObject(status.metadata);
    }
  });
  activeCall = call;
  if (args['cancel-after-ms']) {
    setTimeout(() => call.cancel(), Number(args['cancel-after-ms']));
  }
  return call;
}

function writeAll(call) {
  for (const request of requests) {
    call.write(request);
  }
  if (!args['keep-open']) {
    call.end();
  }
}

switch (args.method) {
  case 'Unary': {
    let trailers = null;
    const call = client.Unary(requests[0], metadata, callOptions, (error, reply) => {
      if (reply) {
        record(reply);
      }
      setImmediate(() => finish(error, trailers));
    });
    observe(call).on('status', (status) => { trailers = status.metadata; });
    break;
  }
  case 'ServerStream': {
    const call = observe(client.ServerStream(requests[0], metadata, callOptions));
    call.on('data', record);
    call.on('error', (error) => finish(error));
    call.on('status', (status) => { if (status.code === 0) finish(null, status.metadata); });
    break;
  }
  case 'ClientStream': {
    let trailers = null;
    const call = client.ClientStream(metadata, callOptions, (error, reply) => {
      if (reply) {
        record(reply);
      }
      setImmediate(() => finish(error, trailers));
    });
    observe(call).on('status', (status) => { trailers = status.metadata; });
    writeAll(call);
    break;
  }
  case 'Bidi': {
    const call = observe(client.Bidi(metadata, callOptions));
    call.on('data', record);
    call.on('error', (error) => finish(error));
    call.on('status', (status) => { if (status.code === 0) finish(null, status.metadata); });
    writeAll(call);
    break;
  }
  default:
    process.stderr.write(`echo-client: unknown --method '${args.method}'\n`);
    process.exit(2);
}
