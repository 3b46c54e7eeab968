import { DomainError, DomainErrorCode, ProblemList } from '../errors.ts';
import type { LonLat } from '../geo/coordinates.ts';
import type { Decision, DecideContext } from '../shared/decision.ts';
import { toIso } from '../shared/time.ts';
import { ringProblems } from './zone-geometry.ts';

/** A platform that posts signed alerts: camera analytics, a campus gate, public-post monitoring, another CAD. */
export type PartnerKind = 'camera' | 'campus_gate' | 'public_post' | 'cad';
export const PARTNER_KINDS: readonly PartnerKind[] = [
  'camera',
  'campus_gate',
  'public_post',
  'cad',
];

/** A shared HMAC key; during a rotation the old one stays valid until notAfter. */
export interface PartnerKey {
  keyId: string;
  /** The shared secret (base64url); never in event payloads or answers. */
  secret: string;
  createdAt: string;
  notAfter?: string;
}

/** A drawn area the partner watches (a camera zone, a school gate), owned by an org. */
export interface PartnerZone {
  id: string;
  name: string;
  orgId: string;
  polygon: LonLat[];
}

export interface Partner {
  id: string;
  orgId: string;
  name: string;
  kind: PartnerKind;
  keys: PartnerKey[];
  zones: PartnerZone[];
}

export type PartnerCommand =
  | { type: 'register'; partner: Omit<Partner, 'keys'>; key: { keyId: string; secret: string } }
  /** A new key; the keys in use stay valid for `overlapSeconds`, so the partner can switch over. */
  | { type: 'rotate_key'; key: { keyId: string; secret: string }; overlapSeconds: number };

/** Keys valid at `now`: every key without an end, or whose end has not passed. */
export function validKeys(partner: Partner, now: number): PartnerKey[] {
  return partner.keys.filter((k) => k.notAfter === undefined || Date.parse(k.notAfter) > now);
}

function checkPartner(
  partner: Omit<Partner, 'keys'>,
  key: { keyId: string; secret: string },
): void {
  const problems = new ProblemList();
  if (!partner.name) problems.add('name', 'is required');
  if (!PARTNER_KINDS.includes(partner.kind))
    problems.add('kind', `must be one of ${PARTNER_KINDS.join(', ')}`);
  if (!key.keyId) problems.add('keyId', 'is required');
  if (key.secret.length < 32) problems.add('secret', 'must be at least 32 characters');
  partner.zones.forEach((zone, i) => {
    if (!zone.id) problems.add(`zones[${i}].id`, 'is required');
    ringProblems(zone.polygon, `zones[${i}].polygon`, (f, m) => problems.add(f, m));
  });
  problems.throwIfAny('partner');
}

export function decidePartner(
  state: Partner | undefined,
  command: PartnerCommand,
  context: DecideContext,
): Decision<Partner> {
  const now = toIso(context.now);
  if (command.type === 'register') {
    if (state)
      throw new DomainError(DomainErrorCode.ALREADY_EXISTS, `partner ${state.id} exists`, 'id');
    checkPartner(command.partner, command.key);
    const partner: Partner = { ...command.partner, keys: [{ ...command.key, createdAt: now }] };
    return { events: [{ type: 'partner.registered', payload: partner }], state: partner };
  }
  if (!state) throw new DomainError(DomainErrorCode.NOT_FOUND, 'no such partner', 'id');
  if (state.keys.some((k) => k.keyId === command.key.keyId))
    throw new DomainError(
      DomainErrorCode.ALREADY_EXISTS,
      `key ${command.key.keyId} exists`,
      'keyId',
    );
  if (command.key.secret.length < 32)
    throw new DomainError(DomainErrorCode.VALIDATION, 'must be at least 32 characters', 'secret');
  const until = toIso(context.now + command.overlapSeconds * 1000);
  const keys = [
    ...validKeys(state, context.now).map((k) =>
      k.notAfter !== undefined && k.notAfter < until ? k : { ...k, notAfter: until },
    ),
    { ...command.key, createdAt: now },
  ];
  return {
    events: [
      {
        type: 'partner.key_rotated',
        payload: { keyId: command.key.keyId, previousValidUntil: until },
      },
    ],
    state: { ...state, keys },
  };
}
