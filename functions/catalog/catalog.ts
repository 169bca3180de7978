// Catalog administration: admins create items and change their status; admins or the owning department edit guides.
import { policyId } from '../../shared/catalog/dingnan.ts';
import { processOf } from '../../shared/catalog/process.ts';
import type { CatalogRepository } from '../../shared/catalog/repository.ts';
import type { NewPolicyBody, PolicyStatusBody } from '../../shared/catalog/requests.ts';
import type { Guide, Policy, PolicyStatus } from '../../shared/catalog/types.ts';
import { conflict, DomainError, forbidden, notFound, validationFailed } from '../../shared/errors.ts';
import { actorOf, type Principal, requireJurisdiction } from '../../shared/principal.ts';

/** Which status may follow which: expiry is final, and a draft is published before anything else. */
const NEXT_STATUSES: Record<PolicyStatus, PolicyStatus[]> = {
  draft: ['published'],
  published: ['suspended', 'expired'],
  suspended: ['published', 'expired'],
  expired: [],
};

export interface CatalogPorts {
  catalog: CatalogRepository;
  now(): Date;
}

const effectivePeriodProblem = (body: { effectiveFrom: string; effectiveTo?: string | undefined }) =>
  body.effectiveTo !== undefined && body.effectiveTo < body.effectiveFrom
    ? validationFailed([
        { field: 'effectiveTo', code: 'INVALID_PERIOD', message: '失效日期不能早于生效日期' },
      ])
    : undefined;

/** A process the chain could not run as the guide means it: none for whitelists, no review step without its limit. */
function processProblem(body: Guide) {
  if (body.mode === 'auto') {
    return body.process
      ? validationFailed([
          { field: 'process', code: 'NO_PROCESS', message: '免申即享事项按白名单兑付，不设审批流程' },
        ])
      : undefined;
  }
  // Without its own limit a substantive review would be due the next working day, which no inspection can meet.
  return processOf(body).substantiveReview && body.timeLimits.substantiveReview === 0
    ? validationFailed([
        {
          field: 'timeLimits.substantiveReview',
          code: 'LIMIT_REQUIRED',
          message: '办理流程含实地核查或专家评审，须填写其办理时限（工作日）',
        },
      ])
    : undefined;
}

export async function createPolicy(
  ports: CatalogPorts,
  principal: Principal,
  body: NewPolicyBody,
): Promise<Policy> {
  if (!principal.division) throw forbidden('管理员令牌未载明所辖行政区划');
  const problem = effectivePeriodProblem(body) ?? processProblem(body);
  if (problem) throw problem;
  const department = await ports.catalog.getDepartment(body.departmentId);
  if (!department || department.divisionCode !== principal.division) {
    throw new DomainError('UNKNOWN_DEPARTMENT', 422, '主管部门不存在或不属于本行政区划', {
      fields: [{ field: 'departmentId', code: 'UNKNOWN_DEPARTMENT', message: '主管部门不存在' }],
    });
  }
  const { seq, departmentId, ...rest } = body;
  return ports.catalog.createPolicy(
    {
      ...rest,
      id: policyId(principal.division, seq),
      divisionCode: principal.division,
      seq,
      departmentId,
      departmentName: department.name,
      status: 'draft',
      version: 1,
      updatedAt: ports.now().toISOString(),
    },
    actorOf(principal),
  );
}

/** Loads a policy the caller may change: an admin of its jurisdiction, or (for guides) its own department. */
async function policyToChange(
  ports: CatalogPorts,
  principal: Principal,
  id: string,
  departmentMayEdit: boolean,
) {
  const policy = await ports.catalog.getPolicy(id);
  if (!policy) throw notFound('政策事项');
  if (principal.role === 'admin') requireJurisdiction(principal, policy.divisionCode);
  else if (
    !(departmentMayEdit && principal.role === 'department' && principal.subject === policy.departmentId)
  )
    throw forbidden('只能修改本部门主管的政策事项');
  return policy;
}

/** A new version of the guide; cases filed before keep the version they were filed under. */
export async function editGuide(ports: CatalogPorts, principal: Principal, id: string, body: Guide) {
  const current = await policyToChange(ports, principal, id, true);
  const problem = effectivePeriodProblem(body) ?? processProblem(body);
  if (problem) throw problem;
  if (current.status === 'expired') throw conflict('POLICY_EXPIRED', '政策事项已失效，不能再修改');
  // The body is the whole guide: an optional element it leaves out is removed, not kept from the old version.
  const { effectiveTo: _dropped, amountRule: _rule, process: _process, ...kept } = current;
  return ports.catalog.replacePolicy(
    current,
    { ...kept, ...body, version: current.version + 1, updatedAt: ports.now().toISOString() },
    actorOf(principal),
    'edit_guide',
  );
}

export async function changeStatus(
  ports: CatalogPorts,
  principal: Principal,
  id: string,
  body: PolicyStatusBody,
) {
  const current = await policyToChange(ports, principal, id, false);
  if (!NEXT_STATUSES[current.status].includes(body.status)) {
    throw conflict('INVALID_STATUS_CHANGE', `政策事项当前为“${current.status}”，不能变更为“${body.status}”`, {
      from: current.status,
      to: body.status,
    });
  }
  return ports.catalog.replacePolicy(
    current,
    { ...current, status: body.status, updatedAt: ports.now().toISOString() },
    actorOf(principal),
    'change_status',
    body.reason,
  );
}
