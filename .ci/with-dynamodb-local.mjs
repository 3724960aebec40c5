#!/usr/bin/env node
// Runs a command against AWS's DynamoDB Local (the jar the dev dependency
// amplify-dynamodb-simulator ships): finds java, starts the jar in memory on a free loopback
// port, waits until it answers, runs the command with EDI_DYNAMODB_ENDPOINT pointing at it,
// and stops it. Only CI needs Java; the local stack's default remains the embedded dynalite.
//   node .ci/with-dynamodb-local.mjs -- npx vitest run --config test/vitest.config.ts test/integration
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const emulator = join(root, 'node_modules', 'amplify-dynamodb-simulator', 'emulator');
const args = process.argv.slice(2);
const command = args[0] === '--' ? args.slice(1) : args;
if (command.length === 0) {
  process.stderr.write('usage: node .ci/with-dynamodb-local.mjs -- COMMAND [ARGS…]\n');
  process.exit(2);
}

function findJava() {
  const candidates = [process.env.JAVA_HOME && join(process.env.JAVA_HOME, 'bin', 'java'), 'java'].filter(Boolean);
  for (const java of candidates) {
    const probe = spawnSync(java, ['-version'], { stdio: 'ignore' });
    if (probe.status === 0) return java;
  }
  return undefined;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function answers(port) {
  // DynamoDB Local is serving once its port accepts a connection.
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => (socket.destroy(), resolve(false)));
  });
}

const java = findJava();
if (!java) {
  process.stderr.write('with-dynamodb-local: no java found (set JAVA_HOME or put java on PATH)\n');
  process.exit(2);
}
if (!existsSync(join(emulator, 'DynamoDBLocal.jar'))) {
  process.stderr.write(`with-dynamodb-local: ${emulator}/DynamoDBLocal.jar not found (npm ci installs amplify-dynamodb-simulator)\n`);
  process.exit(2);
}

const port = await freePort();
const server = spawn(java, [`-Djava.library.path=${join(emulator, 'DynamoDBLocal_lib')}`, '-jar', join(emulator, 'DynamoDBLocal.jar'), '-inMemory', '-port', String(port)], {
  cwd: emulator,
  stdio: ['ignore', 'ignore', 'inherit'],
});
let exited = false;
server.on('exit', () => (exited = true));
const stop = () => {
  if (!exited) server.kill('SIGTERM');
};
process.on('SIGINT', () => (stop(), process.exit(130)));
process.on('SIGTERM', () => (stop(), process.exit(143)));

const deadline = Date.now() + 60_000;
while (!(await answers(port))) {
  if (exited || Date.now() > deadline) {
    process.stderr.write('with-dynamodb-local: DynamoDB Local did not start\n');
    stop();
    process.exit(2);
  }
  await new Promise((r) => setTimeout(r, 200));
}
const endpoint = `http://127.0.0.1:${port}`;
process.stderr.write(`with-dynamodb-local: DynamoDB Local at ${endpoint}\n`);
const child = spawn(command[0], command.slice(1), { stdio: 'inherit', env: { ...process.env, EDI_DYNAMODB_ENDPOINT: endpoint } });
child.on('exit', (code, signal) => {
  stop();
  process.exit(code ?? (signal ? 1 : 0));
});
