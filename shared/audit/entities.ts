// The kinds of object with an audit trail: a plain list, so the API's schemas (and a browser) can name them too.
export const AUDITED_ENTITIES = [
  'policy',
  'enterprise',
  'case',
  'task',
  'calendar',
  'blacklist',
  'payment',
  'reconciliation',
] as const;
export type AuditedEntity = (typeof AUDITED_ENTITIES)[number];
