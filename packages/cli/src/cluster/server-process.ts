import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/jiefang.js', import.meta.url));
const START_TIMEOUT_MS = 120_000;

export interface ServerProcessOptions {
  /** `jiefang serve` arguments (--db, --city, --bus, --port, …). */
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** Each line the process prints, as it prints it. */
  onLine?: (line: string) => void;
}

/**
 * One `jiefang serve` child process: started, awaited until it listens, and stopped (or killed
 * with SIGKILL, as a crash would). `jiefang cluster`, the cluster tests and the chaos run use it.
 */
export class ServerProcess {
  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
    /** Resolves with the exit code (or the signal's name) once the process is gone. */
    readonly exited: Promise<number | string>,
  ) {}

  get pid(): number {
    return this.child.pid ?? -1;
  }

  static start(options: ServerProcessOptions): Promise<ServerProcess> {
    const child = spawn(process.execPath, [BIN, 'serve', ...options.args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...(options.env ?? process.env), JIEFANG_EXIT_WITH_PARENT: '1' },
    });
    const exited = new Promise<number | string>((resolve) =>
      child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)),
    );
    return new Promise((resolve, reject) => {
      let output = '';
      let url: string | undefined;
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`server did not start in time:\n${output.slice(-4000)}`));
      }, START_TIMEOUT_MS);
      const onText = (chunk: Buffer) => {
        const text = chunk.toString();
        if (url === undefined) output += text;
        for (const line of text.split('\n')) if (line !== '') options.onLine?.(line);
        const match = url === undefined ? /listening on (http:\/\/[^\s]+)/.exec(output) : null;
        if (match) {
          url = match[1];
          clearTimeout(timer);
          resolve(new ServerProcess(child, url, exited));
        }
      };
      child.stdout!.on('data', onText);
      child.stderr!.on('data', onText);
      void exited.then((code) => {
        clearTimeout(timer);
        if (url === undefined)
          reject(new Error(`server exited (${code}) before listening:\n${output.slice(-4000)}`));
      });
    });
  }

  /** SIGKILL: no shutdown, no flush, as a machine that dies. */
  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM: the server closes cleanly. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    await this.exited;
  }
}
