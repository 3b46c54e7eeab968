import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeGraphFile } from '@jiefang/routing';
import { demoCityGraph } from '@jiefang/server/test-support';
import { expect, it } from 'vitest';

const SERVER_PROCESS = fileURLToPath(new URL('../src/cluster/server-process.ts', import.meta.url));

/** Running, not a zombie (an orphan's exit may wait to be reaped by whatever adopted it). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/*
 * `npm run load` and the chaos run start servers as child processes. A tool killed with SIGKILL
 * cannot stop them; they notice they were orphaned and stop themselves, so no server is left
 * holding ports, files and CPU after an interrupted run.
 */
it('a server started by a tool stops by itself when the tool is killed with SIGKILL', async () => {
  const directory = mkdtempSync(join(tmpdir(), 'jiefang-orphan-'));
  try {
    const cityGraph = join(directory, 'city.graph');
    writeGraphFile(cityGraph, await demoCityGraph());
    // The "tool": starts a server through ServerProcess, prints its pid, then waits to be killed.
    const tool = join(directory, 'tool.mts');
    writeFileSync(
      tool,
      `import { ServerProcess } from ${JSON.stringify(SERVER_PROCESS)};
const server = await ServerProcess.start({ args: ['--db', ${JSON.stringify(join(directory, 'db.sqlite'))}, '--city', ${JSON.stringify(cityGraph)}, '--port', '0'] });
process.stdout.write('server ' + server.pid + '\\n');
setInterval(() => {}, 1000);
`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', tool], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const serverPid = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk;
        const match = /server (\d+)/.exec(out);
        if (match) resolve(Number(match[1]));
      });
      child.once('exit', (code) =>
        reject(new Error(`the tool exited (${code}) before its server listened`)),
      );
    });
    expect(alive(serverPid)).toBe(true);
    child.kill('SIGKILL');
    const deadline = Date.now() + 20_000;
    while (alive(serverPid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const left = alive(serverPid);
    if (left) process.kill(serverPid, 'SIGKILL');
    expect(left).toBe(false);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}, 120_000);
