import { describe, expect, it } from 'vitest';
import { incidentAt } from '../testing/incident-builder.ts';
import { redactContact, redactContactInEvent } from './redact-contact.ts';

const t0 = Date.parse('2026-11-28T08:00:00Z');

describe('redactContact', () => {
  const incident = incidentAt(t0, { reporter: { name: '陈女士', phone: '13800001234' } });

  it('removes name and phone and says so', () => {
    const redacted = redactContact(incident);
    expect(redacted.reporter).toBeUndefined();
    expect(redacted).toMatchObject({ id: 'i1', description: '持刀伤人', reporterWithheld: true });
    expect(incident.reporter).toEqual({ name: '陈女士', phone: '13800001234' });
  });

  it('leaves an incident without reporter as it is', () => {
    const alert = incidentAt(t0);
    expect(redactContact(alert)).toBe(alert);
  });

  it('redacts the created event and passes other events through', () => {
    const created = { type: 'incident.created', payload: incident };
    expect(JSON.stringify(redactContactInEvent(created))).not.toContain('13800001234');
    const other = { type: 'incident.stage_changed', payload: { incidentId: 'i1' } };
    expect(redactContactInEvent(other)).toBe(other);
  });
});
