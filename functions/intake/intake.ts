// Intake (一窗受理): an enterprise, or window staff on its behalf, files a case; it then enters its approval chain.
import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { shanghaiDate } from '../../shared/calendar.ts';
import type { CaseRepository } from '../../shared/cases/repository.ts';
import type { Case } from '../../shared/cases/types.ts';
import type { CatalogRepository } from '../../shared/catalog/repository.ts';
import { DomainError, forbidden, notFound } from '../../shared/errors.ts';
import type { Principal } from '../../shared/principal.ts';
import { uscc } from '../../shared/uscc.ts';

export const applicationBody = z.strictObject({
  policyId: z.string().min(1).max(64),
  requestedAmountFen: z.number().int().positive().max(100_000_000_000).optional(),
  materialIds: z.array(z.string().min(1).max(128)).max(50).optional(),
  onBehalfOf: uscc.optional(),
});
export type ApplicationBody = z.infer<typeof applicationBody>;

export interface IntakePorts {
  catalog: CatalogRepository;
  cases: CaseRepository;
  /** Starts the approval chain of the case's mode, named by the case id so a retry cannot start a second one. */
  startChain(record: Case): Promise<void>;
  now(): Date;
}

/** The claim period: one live case per enterprise, policy and calendar year in Asia/Shanghai. */
const periodOf = (instant: Date) => shanghaiDate(instant).slice(0, 4);

export async function fileApplication(
  ports: IntakePorts,
  principal: Principal,
  body: ApplicationBody,
): Promise<Case> {
  if (principal.role === 'enterprise' && body.onBehalfOf)
    throw forbidden('企业只能为自己申请，onBehalfOf 仅供专窗代办使用');
  if (principal.role === 'window' && !body.onBehalfOf) {
    throw new DomainError('VALIDATION_FAILED', 400, '专窗代办须填写被代办企业的统一社会信用代码', {
      fields: [{ field: 'onBehalfOf', code: 'REQUIRED', message: '专窗代办须填写 onBehalfOf' }],
    });
  }
  const enterprise = principal.role === 'window' ? (body.onBehalfOf as string) : principal.subject;
  const policy = await ports.catalog.getPolicy(body.policyId);
  if (!policy) throw notFound('政策事项');
  if (policy.status !== 'published')
    throw new DomainError('POLICY_NOT_IN_EFFECT', 422, '该政策事项当前未在兑现期内');
  if (policy.mode === 'auto') {
    throw new DomainError(
      'POLICY_NO_APPLICATION',
      422,
      '该政策为“免申即享”，无需申请：由主管部门筛选符合条件的企业并直接推送兑付',
      { policyId: policy.id, mode: policy.mode },
    );
  }
  const now = ports.now();
  const at = now.toISOString();
  const record: Case = {
    id: randomUUID(),
    policyId: policy.id,
    policyVersion: policy.version,
    mode: policy.mode,
    departmentId: policy.departmentId,
    uscc: enterprise,
    channel: principal.role === 'window' ? 'window' : 'online',
    ...(principal.role === 'window' ? { filedBy: principal.subject } : {}),
    period: periodOf(now),
    ...(body.requestedAmountFen === undefined ? {} : { requestedAmountFen: body.requestedAmountFen }),
    status: 'submitted',
    timeline: [{ at, status: 'submitted', by: `${principal.role}:${principal.subject}` }],
    createdAt: at,
  };
  await ports.cases.createCase(record);
  await ports.startChain(record);
  return record;
}

/** Who may see a case: its enterprise, window staff, and the department that owns it. */
export function assertMayRead(principal: Principal, record: Case): void {
  const allowed =
    (principal.role === 'enterprise' && principal.subject === record.uscc) ||
    principal.role === 'window' ||
    (principal.role === 'department' && principal.subject === record.departmentId);
  // A case that is not yours is reported as missing, so ids cannot be probed.
  if (!allowed) throw notFound('办件');
}
