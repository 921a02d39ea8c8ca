'use strict';
// A grpc-js Echo server for interop tests.
// Usage: node echo-server.js --port 0 --name X [--tls-cert cert.pem --tls-key key.pem] [--max-receive N]
//        [--fail-first-attempts N] [--always-fail]
// Prints {"port":N} once bound, then one JSON line per notable event ({"event":"cancelled","method":"Unary"}).
// --fail-first-attempts N fails the first N unary attempts carrying each distinct request message with
// UNAVAILABLE, printing {"event":"failed-attempt","message":"call 7"} for each, so a retrying client
// succeeds and the test can count the retries the server saw. --always-fail fails every unary call
// with UNAVAILABLE, an endpoint for outlier detection to eject.
const fs = require('fs');
const { grpc, loadEcho, parseArgs } = require('./echo-common');

const args = parseArgs(process.argv.slice(2));
const name = args.name || 'grpc-js';
const echo = loadEcho();
const failFirstAttempts = Number(args['fail-first-attempts'] || 0);
const attemptsByMessage = new Map();
const alwaysFail = args['always-fail'] === true;

function emit(object) {
  process.stdout.write(JSON.stringify(object) + '\n');
}

function watch(call, method) {
  call.on('cancelled', () => emit({ event: 'cancelled', method, deadline: call.getDeadline ? String(call.getDeadline()) : null }));
}

function reply(request, suffix) {
  return {
    message: request.message + (suffix === undefined ? '' : suffix),
    server: name,
    payload: Buffer.alloc(request.reply_size || 0, 0x61),
  };
}

function failure(request) {
  const trailers = new grpc.Metadata();
  trailers.set('x-failed-by', name);
  trailers.set('x-request-message', request.message);
  return { code: request.fail_with_code, details: `failed as asked: ${request.message}`, metadata: trailers };
}

function failsThisAttempt(request) {
  if (alwaysFail) {
    return true;
  }
  if (failFirstAttempts === 0) {
    return false;
  }
  const attempts = (attemptsByMessage.get(request.message) || 0) + 1;
  attemptsByMessage.set(request.message, attempts);
  if (attempts > failFirstAttempts) {
    return false;
  }
  emit({ event: 'failed-attempt', message: request.message });
  return true;
}

function later(ms, action) {
  if (ms > 0) {
    setTimeout(action, ms);
  } else {
    action();
  }
}

const handlers = {
  Unary(call, callback) {
    watch(call, 'Unary');
    const request = call.request;
    if (failsThisAttempt(request)) {
      callback({ code: grpc.status.UNAVAILABLE, details: `attempt failed as asked: ${request.message}` });
      return;
    }
    later(request.delay_ms, () => {
      if (call.cancelled) {
        return;
      }
      if (request.fail_with_code) {
        callback(failure(request));
      } else {
        const trailers = new grpc.Metadata();
        trailers.set('x-served-by', name);
        callback(null, reply(request), trailers);
      }
    });
  },
  ServerStream(call) {
    watch(call, 'ServerStream');
    const request = call.request;
    let sent = 0;
    const next = () => {
      if (call.cancelled) {
        return;
      }
      if (sent === request.count) {
        if (request.fail_with_code) {
          call.emit('error', failure(request));
        } else {
          call.end();
        }
        return;
      }
      call.write(reply(request, `-${sent}`));
      sent++;
      later(request.delay_ms, next);
    };
    next();
  },
  ClientStream(call, callback) {
    watch(call, 'ClientStream');
    const messages = [];
    let failed = null;
    call.on('data', (request) => {
      messages.push(request.message);
      if (request.fail_with_code && !failed) {
        failed = request;
      }
    });
    call.on('end', () => {
      if (failed) {
        callback(failure(failed));
      } else {
        callback(null, { message: messages.join(','), server: name });
      }
    });
  },
  Bidi(call) {
    watch(call, 'Bidi');
    call.on('data', (request) => {
      if (request.fail_with_code) {
        call.emit('error', failure(request));
        return;
      }
      later(request.delay_ms, () => {
        if (!call.cancelled) {
          call.write(reply(request));
        }
      });
    });
    call.on('end', () => call.end());
  },
};

const options = {};
if (args['max-receive']) {
  options['grpc.max_receive_message_length'] = Number(args['max-receive']);
}
const server = new grpc.Server(options);
server.addService(echo.Echo.service, handlers);
const credentials = args['tls-cert']
  ? grpc.ServerCredentials.createSsl(null, [{
    cert_chain: fs.readFileSync(args['tls-cert']),
    private_key: fs.readFileSync(args['tls-key']),
  }], false)
  : grpc.ServerCredentials.createInsecure();
server.bindAsync(`127.0.0.1:${args.port || 0}`, credentials, (error, port) => {
  if (error) {
    process.stderr.write(`echo-server: cannot bind: ${error.message}\n`);
    process.exit(1);
  }
  emit({ port });
});
process.on('SIGTERM', () => server.forceShutdown());
