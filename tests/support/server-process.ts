import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

// Tests run the server from its sources, so that they need no build; `compiled` runs what
// `pnpm start` runs (server/dist, written by `pnpm build`).
const entryPoints = {
  source: ['--import', 'tsx', 'server/src/main.ts'],
  compiled: ['--enable-source-maps', 'server/dist/main.js'],
};

/** Runs the server in its own process and waits until it answers health, on every worker. */
export async function startServerProcess(
  env: Record<string, string>,
  {
    waitForHealth = true,
    nodeArgs = [] as string[],
    entry = 'source' as keyof typeof entryPoints,
  } = {},
): Promise<ServerProcess> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const child = spawn(process.execPath, [...nodeArgs, ...entryPoints[entry]], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      LOG_LEVEL: 'warn',
      // One process, as these tests were written for; on PostgreSQL the default would start one
      // per core. A test about workers asks for them.
      CERCLE_WORKERS: '1',
      PORT: String(port),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const url = `http://127.0.0.1:${port}`;
  const handle: ServerProcess = {
    child,
    url,
    output: () => output,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
  if (waitForHealth) {
    // Loading the server through tsx takes over a minute on a 2-core machine under heavy load.
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
      const healthy = await fetch(`${url}/api/health`).then(
        (response) => response.ok,
        () => false,
      );
      // Several workers: health answers once the first listens; the banner, once all of them do.
      const allListening =
        Number(env.CERCLE_WORKERS ?? 1) < 2 || output.includes('Cercle is running');
      if (healthy && allListening) break;
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`server did not become healthy:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  return handle;
}
