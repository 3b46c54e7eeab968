import { readdirSync, readFileSync } from 'node:fs';

/** Open files a process may have (its soft limit, and the hard one it could raise it to). */
export function openFileLimit(pid: number | 'self' = 'self'): { soft: number; hard: number } {
  const text = readFileSync(`/proc/${pid}/limits`, 'utf8');
  const line = text.split('\n').find((l) => l.startsWith('Max open files'))!;
  const [soft, hard] = line
    .replace('Max open files', '')
    .trim()
    .split(/\s+/)
    .map((v) => (v === 'unlimited' ? Infinity : Number(v)));
  return { soft, hard };
}

/**
 * A process and all its descendants, parents first. Children hang off the thread that forked
 * them, so every thread's list is read, not only the main thread's.
 */
export function processTree(pid: number): number[] {
  const tree: number[] = [];
  const pending = [pid];
  while (pending.length > 0) {
    const next = pending.shift()!;
    if (tree.includes(next)) continue;
    tree.push(next);
    let threads: string[];
    try {
      threads = readdirSync(`/proc/${next}/task`);
    } catch {
      continue; // gone meanwhile
    }
    for (const thread of threads) {
      try {
        const text = readFileSync(`/proc/${next}/task/${thread}/children`, 'utf8');
        for (const child of text.trim().split(/\s+/)) if (child) pending.push(Number(child));
      } catch {
        // the thread or the process ended meanwhile
      }
    }
  }
  return tree;
}

function rssKb(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return Number.isFinite(kb) ? kb : null;
  } catch {
    return null;
  }
}

const mb = (kb: number) => Math.round(kb / 102.4) / 10;

/**
 * Resident memory of a process with everything it forked (a server with its device gateways):
 * the total, and each live process's share for the log. Null when the process is gone.
 */
export function treeRss(pid: number): { mb: number; perProcess: [number, number][] } | null {
  let total = 0;
  const perProcess: [number, number][] = [];
  for (const member of processTree(pid)) {
    const kb = rssKb(member);
    if (kb === null) continue;
    total += kb;
    perProcess.push([member, mb(kb)]);
  }
  return perProcess.length === 0 ? null : { mb: mb(total), perProcess };
}
