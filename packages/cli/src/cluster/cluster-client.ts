/**
 * An HTTP client of a cluster: it talks to one node and, when that node stops answering
 * (refused, reset), logs in on the next one and sends the request there — what a browser behind
 * a reverse proxy sees when a node dies. Used by the cluster tests and the chaos run.
 */
export class ClusterClient {
  private readonly cookies = new Map<string, string>();
  private node: number;

  constructor(
    private readonly nodes: () => readonly string[],
    private readonly login: { username: string; password: string },
    start = 0,
  ) {
    this.node = start;
  }

  /** The node this client talks to now. */
  get url(): string {
    const nodes = this.nodes();
    return nodes[this.node % nodes.length];
  }

  /**
   * Sends one request; on a connection failure moves to the next node and sends it again (up
   * to once per node). Returns undefined when no node answered.
   */
  async request(
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Response | undefined> {
    const count = this.nodes().length;
    for (let tried = 0; tried < count; tried++) {
      const url = this.url;
      try {
        const cookie = await this.cookieFor(url);
        return await fetch(`${url}${path}`, {
          method,
          headers: {
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            cookie,
            ...headers,
          },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(10_000),
        });
      } catch {
        this.cookies.delete(url);
        this.node++;
      }
    }
    return undefined;
  }

  private async cookieFor(url: string): Promise<string> {
    const known = this.cookies.get(url);
    if (known) return known;
    const response = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(this.login),
      signal: AbortSignal.timeout(10_000),
    });
    if (response.status !== 200) throw new Error(`login on ${url}: ${response.status}`);
    const cookie = response.headers.get('set-cookie')!.split(';')[0];
    this.cookies.set(url, cookie);
    return cookie;
  }
}
