// `tessera serve --port 0` for the browser tests: started on a database, its address read from
// what it prints, stopped with SIGTERM (SIGKILL after 10 s).
import { spawn } from 'node:child_process';
import { once } from 'node:events';

// Resolves to { child, url } once the server says where it listens.
export async function startServer(binary, dbPath) {
  const child = spawn(binary, ['serve', '--port', '0', '--db', dbPath], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TESSERA_CATALOGUE: '' },
  });
  let output = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`tessera serve did not start:\n${output}`)), 20000);
    const onData = (chunk) => {
      output += chunk;
      const match = /listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(output);
      if (match && Number(match[2]) > 0) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', onData);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`tessera serve exited early (${code ?? signal}):\n${output}`));
    });
  });
  child.removeAllListeners('exit');
  child.stdout.resume();
  child.stderr.resume();
  return { child, url };
}

// Stops a server startServer started (nothing if it has already exited).
export async function stopServer(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
  await exited;
  clearTimeout(timer);
}
