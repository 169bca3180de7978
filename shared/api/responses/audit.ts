// What the audit route answers: an object's audit events and the verdict on their hash chain.
import * as z from 'zod';
import { AUDITED_ENTITIES } from '../../audit/entities.ts';
import { instant } from './common.ts';

/** The kinds of object with an audit trail. */
const auditedEntity = z.enum(AUDITED_ENTITIES);

/** One state change: who, in which role, when, what, and the changed fields before and after. */
const auditEvent = z.object({
  entityType: auditedEntity,
  entityId: z.string(),
  seq: z.number().int().positive().describe('该对象的第几条记录，从 1 起，连续无缺'),
  at: instant,
  actor: z.object({ role: z.string(), subject: z.string() }),
  action: z.string(),
  note: z.string().optional().describe('操作人填写的理由或说明'),
  before: z.record(z.string(), z.unknown()).nullable().describe('变更前的字段；新建时为 null'),
  after: z.record(z.string(), z.unknown()).nullable().describe('变更后的字段；删除时为 null'),
  prevHash: z.string().describe('上一条记录的哈希（首条为 64 个 0）'),
  hash: z.string(),
});

/** Whether the chain is intact: every hash recomputed, every link and sequence number in place. */
const chainVerdict = z.discriminatedUnion('valid', [
  z.object({ valid: z.literal(true), length: z.number().int(), headHash: z.string() }),
  z.object({
    valid: z.literal(false),
    length: z.number().int(),
    brokenAtSeq: z.number().int().describe('链条首次对不上的记录序号'),
    reason: z
      .enum(['hash_mismatch', 'broken_link', 'gap'])
      .describe('hash_mismatch：内容被改；broken_link：链接断开；gap：序号缺失'),
  }),
]);

/** An object's audit trail (审计记录) with the verdict on it. */
const auditTrail = z.object({
  entityType: auditedEntity,
  entityId: z.string(),
  events: z.array(auditEvent),
  verification: chainVerdict,
});

export { auditEvent, auditedEntity, auditTrail, chainVerdict };
