import type { ServerContext } from './context.ts';

const escape = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/**
 * The page at `/` until the web console is served there: what is running, with counts only
 * (no personal data, since the page is public).
 */
export function statusPage(ctx: ServerContext): string {
  const city = ctx.router.city;
  const units = ctx.world.unitList;
  const available = units.filter((u) => u.status === 'available').length;
  const rows = city.profiles
    .map(
      (p) => `<tr><td>${escape(p.profile)}</td><td>${p.nodeCount}</td><td>${p.edgeCount}</td></tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>Jiefang 街坊</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:48rem}td,th{padding:.2rem .8rem;text-align:left}</style></head>
<body><h1>Jiefang 街坊 — dispatch server</h1>
<p>City: ${escape(city.meta.source)} · store: ${escape(ctx.store.dialect)}</p>
<p>Units: ${units.length} (${available} available) · open incidents: ${ctx.world.incidents.size}</p>
<table><tr><th>profile</th><th>vertices</th><th>edges</th></tr>${rows}</table>
<p>API: <a href="/api/v1/docs">/api/v1/docs</a> (log in first: <code>POST /api/v1/auth/login</code>) · OpenAPI 3.1: <code>/api/v1/openapi.json</code></p>
<p><small>Map data © OpenStreetMap contributors (ODbL)</small></p>
</body></html>`;
}
