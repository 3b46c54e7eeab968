/** Filled in once the live hub exists: positions per second through WebSocket on loopback. */
export async function measureWebSocketIngest(log: (line: string) => void): Promise<number | null> {
  log('websocket ingest: not measured yet');
  return null;
}
