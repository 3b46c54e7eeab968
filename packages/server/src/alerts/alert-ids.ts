import { createHash } from 'node:crypto';

/**
 * Alert ids derive from who sent what, so the same CAP message (or partner alert) always names
 * the same aggregate, in every process and after a restart.
 */
export function alertIdFor(source: 'cap' | 'webhook', sender: string, key: string): string {
  const digest = createHash('sha256').update(`${source}\n${sender}\n${key}`).digest('hex');
  return `alert-${digest.slice(0, 24)}`;
}
