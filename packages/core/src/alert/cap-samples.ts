/**
 * CAP 1.2 documents for tests and the benchmark, written for the Nanjing demo area (Xinjiekou);
 * shaped like the spec's own examples (OASIS CAP 1.2, Appendix A).
 */
export interface CapSampleOptions {
  identifier?: string;
  sender?: string;
  sent?: string;
  msgType?: 'Alert' | 'Update' | 'Cancel';
  references?: string;
  event?: string;
  severity?: string;
  namespace?: string;
  /** Extra elements inside <info>, after the required ones. */
  infoExtra?: string;
  /** An area other than the default polygon around Xinjiekou. */
  area?: string;
}

export const XINJIEKOU_POLYGON =
  '32.0440,118.7780 32.0440,118.7880 32.0380,118.7880 32.0380,118.7780 32.0440,118.7780';

export function capSample(options: CapSampleOptions = {}): string {
  const references = options.references ? `\n  <references>${options.references}</references>` : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="${options.namespace ?? 'urn:oasis:names:tc:emergency:cap:1.2'}">
  <identifier>${options.identifier ?? 'NJ-XJK-2026-0001'}</identifier>
  <sender>${options.sender ?? 'camera-analytics@xuanwu.nanjing.example'}</sender>
  <sent>${options.sent ?? '2026-12-03T09:00:00+08:00'}</sent>
  <status>Actual</status>
  <msgType>${options.msgType ?? 'Alert'}</msgType>
  <scope>Public</scope>${references}
  <info>
    <language>zh-CN</language>
    <category>Safety</category>
    <event>${options.event ?? 'crowd'}</event>
    <urgency>Immediate</urgency>
    <severity>${options.severity ?? 'Severe'}</severity>
    <certainty>Observed</certainty>
    <headline>新街口人群聚集</headline>${options.infoExtra ?? ''}
    <area>
      ${options.area ?? `<areaDesc>新街口广场</areaDesc>\n      <polygon>${XINJIEKOU_POLYGON}</polygon>`}
    </area>
  </info>
</alert>`;
}
