// The audit trail's tamper evidence: each event of an entity carries the hash of the one before it.
import { createHash } from 'node:crypto';

import type { AuditedEntity } from './entities.ts';

export { AUDITED_ENTITIES, type AuditedEntity } from './entities.ts';

export interface Actor {
  role: string;
  subject: string;
}

/** One state change: who, in which role, when, what, and the changed fields before and after. */
export interface AuditEvent {
  entityType: AuditedEntity;
  entityId: string;
  /** 1 for the entity's first event; the chain has no gaps. */
  seq: number;
  at: string;
  actor: Actor;
  action: string;
  /** Why, in the actor's words (a status change's reason, a decision's note). */
  note?: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  prevHash: string;
  hash: string;
}

export type AuditDraft = Pick<
  AuditEvent,
  'entityType' | 'entityId' | 'at' | 'actor' | 'action' | 'note' | 'before' | 'after'
>;

/** The hash the first event of every chain points back to. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with keys sorted at every level, so a hash does not depend on how a store orders attributes. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

const hashOf = (event: Omit<AuditEvent, 'hash'>) =>
  createHash('sha256').update(canonicalJson(event)).digest('hex');

/** Seals a draft as the event following `previous` (or as the first of its chain). */
export function chainEvent(draft: AuditDraft, previous: AuditEvent | undefined): AuditEvent {
  const unsealed = { ...draft, seq: (previous?.seq ?? 0) + 1, prevHash: previous?.hash ?? GENESIS_HASH };
  return { ...unsealed, hash: hashOf(unsealed) };
}

export type ChainVerdict =
  | { valid: true; length: number; headHash: string }
  | { valid: false; length: number; brokenAtSeq: number; reason: 'hash_mismatch' | 'broken_link' | 'gap' };

/** Recomputes every hash and link; the first event that does not fit is where the chain was altered. */
export function verifyChain(events: AuditEvent[]): ChainVerdict {
  let previous: AuditEvent | undefined;
  for (const event of events) {
    const broken = (reason: 'hash_mismatch' | 'broken_link' | 'gap'): ChainVerdict => ({
      valid: false,
      length: events.length,
      brokenAtSeq: event.seq,
      reason,
    });
    if (event.seq !== (previous?.seq ?? 0) + 1) return broken('gap');
    if (event.prevHash !== (previous?.hash ?? GENESIS_HASH)) return broken('broken_link');
    const { hash, ...unsealed } = event;
    if (hashOf(unsealed) !== hash) return broken('hash_mismatch');
    previous = event;
  }
  return { valid: true, length: events.length, headHash: previous?.hash ?? GENESIS_HASH };
}

/** The fields that differ between two versions of a record, as the before/after pair an event keeps. */
export function changedFields(
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown>,
): Pick<AuditEvent, 'before' | 'after'> {
  if (!before) return { before: null, after };
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  const was: Record<string, unknown> = {};
  const now: Record<string, unknown> = {};
  for (const key of keys) {
    if (canonicalJson(before[key]) === canonicalJson(after[key])) continue;
    if (before[key] !== undefined) was[key] = before[key];
    if (after[key] !== undefined) now[key] = after[key];
  }
  return { before: was, after: now };
}
