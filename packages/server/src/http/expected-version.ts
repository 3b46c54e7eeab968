/** The aggregate version an If-Match header names (the schema already checked its form). */
export function expectedVersion(ifMatch: string | undefined): number | undefined {
  return ifMatch === undefined ? undefined : Number(ifMatch.replaceAll('"', ''));
}
