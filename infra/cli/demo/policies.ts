// What the story reads off a catalog item: its department as an actor, an amount within its cap, how it is named.
import { capOf } from '../../../shared/catalog/types.ts';
import type { Policy } from './answers.ts';
import type { Actor, DemoContext } from './context.ts';
import { MODE_LABELS } from './labels.ts';

export const departmentOf = (ctx: DemoContext, policy: Policy): Actor => ({
  role: 'department',
  id: policy.departmentId,
  name: ctx.departments.get(policy.departmentId)?.name ?? policy.departmentName,
});

/** An amount no larger than the policy's cap, if its guide has one (a department may have set it since the seed). */
export const withinCap = (policy: Policy, fen: number) =>
  policy.amountRule ? Math.min(fen, capOf(policy.amountRule)) : fen;

export const describePolicy = (ctx: DemoContext, policy: Policy) =>
  `「${policy.name}」（${policy.id}，${ctx.departments.get(policy.departmentId)?.name ?? policy.departmentName}，${MODE_LABELS[policy.mode] ?? policy.mode}）`;
