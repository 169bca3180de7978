// Intake (一窗受理): an enterprise, or window staff on its behalf, files a case; it then enters its approval chain.
import { addWorkingDays, type WorkingCalendar } from '../../shared/calendar/working-days.ts';
import { applyCaseEvent } from '../../shared/cases/lifecycle.ts';
import type { CaseRepository } from '../../shared/cases/repository.ts';
import type { ApplicationBody, ResubmissionBody } from '../../shared/cases/requests.ts';
import type { Case } from '../../shared/cases/types.ts';
import { promisedWorkingDays } from '../../shared/catalog/process.ts';
import type { CatalogRepository } from '../../shared/catalog/repository.ts';
import { capOf, inEffect, policyNotInEffect } from '../../shared/catalog/types.ts';
import type { ChainEngine } from '../../shared/chains/engine.ts';
import type { ChainStore } from '../../shared/chains/repository.ts';
import type { PendingResume } from '../../shared/chains/resumes.ts';
import { shanghaiDate, thisYear } from '../../shared/dates.ts';
import { evaluateEligibility } from '../../shared/eligibility.ts';
import { eligibilityFactsOf, withinJurisdiction } from '../../shared/enterprises/jurisdiction.ts';
import type { EnterpriseRepository } from '../../shared/enterprises/repository.ts';
import { enterpriseNotRegistered } from '../../shared/enterprises/types.ts';
import { conflict, forbidden, notFound, unprocessable, validationFailed } from '../../shared/errors.ts';
import {
  assertMaterialsReady,
  type Material,
  type MaterialBody,
  type MaterialStore,
} from '../../shared/materials/materials.ts';
import type { MaterialRepository } from '../../shared/materials/repository.ts';
import { type Principal, requireJurisdiction } from '../../shared/principal.ts';

export interface IntakePorts {
  catalog: CatalogRepository;
  cases: CaseRepository;
  enterprises: EnterpriseRepository;
  materials: MaterialRepository;
  materialStore: MaterialStore;
  /** The approval chain: an execution per case (named by the case id, so a retry cannot start a second), redriven. */
  chains: ChainEngine;
  chainStore: ChainStore;
  report(message: string, details: Record<string, unknown>): void;
  /** Sends a stored resume to a chain waiting for the enterprise's correction; a failure is left to the sweep. */
  resumeChain(resume: PendingResume): Promise<unknown>;
  /** The official calendar, with any year loaded through the API. */
  calendar(): Promise<WorkingCalendar>;
  newId(): string;
  now(): Date;
}

/** The claim period: one live case per enterprise, policy and calendar year in Asia/Shanghai. */
const periodOf = (instant: Date) => String(thisYear(instant));

/** The enterprise a request acts for: the caller itself, or the one window staff name. */
function enterpriseActedFor(principal: Principal, onBehalfOf: string | undefined): string {
  if (principal.role === 'enterprise' && onBehalfOf)
    throw forbidden('企业只能为自己办理，onBehalfOf 仅供专窗代办使用');
  if (principal.role === 'window' && !onBehalfOf) {
    throw validationFailed([
      { field: 'onBehalfOf', code: 'REQUIRED', message: '专窗代办须填写被代办企业的统一社会信用代码' },
    ]);
  }
  return principal.role === 'window' ? (onBehalfOf as string) : principal.subject;
}

/**
 * Window staff act for the enterprises of their own jurisdiction, as they file for its policies. An enterprise not
 * registered yet is judged by where its USCC was registered, so the refusal is the same whether it is or not.
 */
async function assertWindowServes(ports: IntakePorts, principal: Principal, enterpriseId: string) {
  if (principal.role !== 'window') return;
  const enterprise = (await ports.enterprises.get(enterpriseId)) ?? { uscc: enterpriseId };
  if (!withinJurisdiction(principal.division, enterprise))
    throw forbidden('该企业不属于您所在的行政区划，专窗只能为本辖区的企业代办');
}

export async function fileApplication(
  ports: IntakePorts,
  principal: Principal,
  body: ApplicationBody,
): Promise<Case> {
  const enterpriseId = enterpriseActedFor(principal, body.onBehalfOf);
  const policy = await ports.catalog.getPolicy(body.policyId);
  if (!policy || policy.status === 'draft') throw notFound('政策事项');
  if (principal.role === 'window') requireJurisdiction(principal, policy.divisionCode);
  const now = ports.now();
  if (!inEffect(policy, shanghaiDate(now))) throw policyNotInEffect(policy);
  if (policy.mode === 'auto') {
    throw unprocessable(
      'POLICY_NO_APPLICATION',
      '该政策为“免申即享”，无需申请：由主管部门筛选符合条件的企业并直接推送兑付',
      { policyId: policy.id, mode: policy.mode },
    );
  }
  await assertWindowServes(ports, principal, enterpriseId);
  const enterprise = await ports.enterprises.get(enterpriseId);
  if (!enterprise) throw enterpriseNotRegistered();
  // The pre-check (预审): the same rules as the matches, so a refusal names the criterion that failed.
  const verdict = evaluateEligibility(policy.eligibility.rules, eligibilityFactsOf(enterprise));
  if (!verdict.eligible) {
    throw unprocessable('NOT_ELIGIBLE', '企业不符合该政策的享受条件', {
      reasons: verdict.reasons.filter((reason) => !reason.met),
    });
  }
  if (
    body.requestedAmountFen !== undefined &&
    policy.amountRule &&
    body.requestedAmountFen > capOf(policy.amountRule)
  ) {
    throw validationFailed([
      {
        field: 'requestedAmountFen',
        code: 'ABOVE_CAP',
        message: `申请金额不得超过 ${capOf(policy.amountRule)} 分`,
      },
    ]);
  }
  await assertMaterialsReady(ports.materialStore, ports.materials.get, enterpriseId, body.materialIds ?? []);
  const at = now.toISOString();
  const dueOn = addWorkingDays(await ports.calendar(), now, promisedWorkingDays(policy)).date;
  const record: Case = {
    id: ports.newId(),
    policyId: policy.id,
    policyName: policy.name,
    policyVersion: policy.version,
    mode: policy.mode,
    divisionCode: policy.divisionCode,
    departmentId: policy.departmentId,
    uscc: enterpriseId,
    channel: principal.role === 'window' ? 'window' : 'online',
    ...(principal.role === 'window' ? { filedBy: principal.subject } : {}),
    period: periodOf(now),
    dueOn,
    ...(body.requestedAmountFen === undefined ? {} : { requestedAmountFen: body.requestedAmountFen }),
    ...(body.materialIds?.length ? { materialIds: body.materialIds } : {}),
    ...(verdict.reasons.length ? { eligibility: verdict.reasons } : {}),
    status: 'submitted',
    timeline: [{ at, status: 'submitted', by: `${principal.role}:${principal.subject}` }],
    createdAt: at,
  };
  await ports.cases.createCase(record);
  try {
    await ports.chains.start(record.id, { caseId: record.id });
  } catch (error) {
    // The case is filed and stays so: the chain watch starts the chain of a filed case that has none.
    ports.report('chain not started; the chain watch starts it', { caseId: record.id, error: String(error) });
  }
  return record;
}

/** Registers a material and hands back where to upload it; the file goes straight to object storage. */
export async function requestUpload(ports: IntakePorts, principal: Principal, body: MaterialBody) {
  const enterpriseId = enterpriseActedFor(principal, body.onBehalfOf);
  await assertWindowServes(ports, principal, enterpriseId);
  const id = ports.newId();
  const material: Material = {
    id,
    uscc: enterpriseId,
    fileName: body.fileName,
    contentType: body.contentType,
    sizeBytes: body.sizeBytes,
    ...(body.materialName ? { materialName: body.materialName } : {}),
    objectKey: `materials/${enterpriseId}/${id}`,
    uploadedBy: `${principal.role}:${principal.subject}`,
    createdAt: ports.now().toISOString(),
  };
  const upload = await ports.materialStore.presignUpload(material);
  await ports.materials.put(material);
  return {
    ...material,
    upload: {
      method: 'PUT',
      url: upload.url,
      headers: { 'content-type': material.contentType },
      expiresAt: upload.expiresAt,
    },
  };
}

/** The enterprise (or window staff for it) resubmits a returned case; the chain repeats the step that returned it. */
export async function resubmit(
  ports: IntakePorts,
  principal: Principal,
  caseId: string,
  body: ResubmissionBody,
) {
  const record = await ports.cases.getCase(caseId);
  if (!record) throw notFound('办件');
  assertMayRead(principal, record);
  const notReturned = () =>
    conflict('CASE_NOT_RETURNED', '只有被退回补正的办件才能重新提交', { status: record.status });
  if (record.status !== 'returned') throw notReturned();
  await assertMaterialsReady(ports.materialStore, ports.materials.get, record.uscc, body.materialIds ?? []);
  const at = ports.now().toISOString();
  // Taking the parked token and leaving `returned` are one conditional write, so the chain is resumed once.
  const { record: updated, resume } = await applyCaseEvent(ports.cases, caseId, 'resubmitted', {
    at,
    by: `${principal.role}:${principal.subject}`,
    details: { note: body.note },
    fields: {
      materialIds: [...new Set([...(record.materialIds ?? []), ...(body.materialIds ?? [])])],
      correctionRequest: undefined,
    },
    resumeWith: { resubmittedAt: at, materialIds: body.materialIds ?? [] },
  });
  await ports.resumeChain(resume);
  return updated;
}

/** Who may see a case: its enterprise, window staff of its jurisdiction, and the department that owns it. */
/** The files a case cites, each with a short-lived link to open it, for those who may read the case. */
export async function caseMaterials(ports: IntakePorts, principal: Principal, caseId: string) {
  const record = await ports.cases.getCase(caseId);
  if (!record) throw notFound('办件');
  assertMayRead(principal, record);
  const items = [];
  for (const id of record.materialIds ?? []) {
    const material = await ports.materials.get(id);
    if (!material) continue;
    const { objectKey: _key, ...shown } = material;
    items.push({ ...shown, download: await ports.materialStore.presignDownload(material) });
  }
  return items;
}

export function assertMayRead(principal: Principal, record: Case): void {
  const allowed =
    (principal.role === 'enterprise' && principal.subject === record.uscc) ||
    (principal.role === 'window' && principal.division === record.divisionCode) ||
    (principal.role === 'department' && principal.subject === record.departmentId);
  // A case that is not yours is reported as missing, so ids cannot be probed.
  if (!allowed) throw notFound('办件');
}
