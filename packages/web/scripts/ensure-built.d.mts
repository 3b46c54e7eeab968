/** Why packages/web/dist must be (re)built, or undefined when it is current. */
export function staleReason(): string | undefined;
/** Runs `vite build` for packages/web if needed (or always with `force`); true if it built. */
export function ensureWebBuilt(options?: {
  force?: boolean;
  log?: (line: string) => void;
}): Promise<boolean>;
