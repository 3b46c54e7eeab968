/**
 * `--train A B C` → `--train A --train B --train C`, so an option can take several files the
 * way the issue writes it while node's parseArgs still sees one value per occurrence.
 */
export function expandRepeatedOption(argv: readonly string[], names: readonly string[]): string[] {
  const out: string[] = [];
  let current: string | undefined;
  for (const arg of argv) {
    if (arg.startsWith('--')) {
      current = names.includes(arg.slice(2)) ? arg : undefined;
      out.push(arg);
      continue;
    }
    if (current !== undefined && out[out.length - 1] !== current) out.push(current);
    out.push(arg);
  }
  return out;
}
