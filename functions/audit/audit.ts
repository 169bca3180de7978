// Reading and verifying an audit chain: anyone entitled to the object may check that its history is intact.
import type { AuditedEntity } from '../../shared/audit/chain.ts';
import type { CaseRepository } from '../../shared/cases/repository.ts';
import type { CatalogRepository } from '../../shared/catalog/repository.ts';
import { divisionCovers, divisionOfId, divisionOfPolicy } from '../../shared/division.ts';
import { withinJurisdiction } from '../../shared/enterprises/jurisdiction.ts';
import type { EnterpriseRepository } from '../../shared/enterprises/repository.ts';
import { notFound } from '../../shared/errors.ts';
import type { PaymentStore } from '../../shared/payments/payments.ts';
import type { Principal } from '../../shared/principal.ts';

export interface AuditPorts {
  cases: CaseRepository;
  catalog: CatalogRepository;
  enterprises: Pick<EnterpriseRepository, 'get'>;
  payments: Pick<PaymentStore, 'get'>;
}

/**
 * Whose history may be read: admins and finance where the object lies within their jurisdiction (a case's or
 * policy's division, an enterprise's county, a payment's policy, a list's agency); an enterprise its own profile,
 * cases, payments and listings; a department its own policies, cases and payments; the assignee its task; an agency
 * its listings. The calendar is national. Anything else is reported as missing, so ids cannot be probed.
 */
export async function assertMayAudit(
  ports: AuditPorts,
  principal: Principal,
  entityType: AuditedEntity,
  entityId: string,
): Promise<void> {
  const overseer = principal.role === 'admin' || principal.role === 'finance';
  // Admins and finance oversee what lies within their jurisdiction, a city's staff its counties' too.
  const oversees = (division: string | undefined) =>
    overseer &&
    principal.division !== undefined &&
    division !== undefined &&
    divisionCovers(principal.division, division);
  switch (entityType) {
    case 'case': {
      const record = await ports.cases.getCase(entityId);
      if (!record) throw notFound('办件');
      const allowed =
        oversees(record.divisionCode) ||
        (principal.role === 'enterprise' && principal.subject === record.uscc) ||
        (principal.role === 'department' && principal.subject === record.departmentId);
      if (!allowed) throw notFound('办件');
      return;
    }
    case 'policy': {
      const policy = await ports.catalog.getPolicy(entityId);
      if (!policy) throw notFound('政策事项');
      const allowed =
        oversees(policy.divisionCode) ||
        (principal.role === 'department' && principal.subject === policy.departmentId);
      // Drafts are not public, so a policy's history outside one's reach is missing too, as every other history.
      if (!allowed) throw notFound('政策事项');
      return;
    }
    case 'enterprise': {
      // The trail holds bank accounts: the enterprise itself, and overseers of the county it belongs to. One not
      // registered (yet) is judged by where its USCC was registered, as its profile would be.
      if (principal.role === 'enterprise' && principal.subject === entityId) return;
      if (!overseer) throw notFound('企业');
      const enterprise = (await ports.enterprises.get(entityId)) ?? { uscc: entityId };
      if (!withinJurisdiction(principal.division, enterprise)) throw notFound('企业');
      return;
    }
    case 'task': {
      // A task's history (its escalation) belongs with its case, and to the agency it was assigned to.
      const task = await ports.cases.getTask(entityId);
      const record = task && (await ports.cases.getCase(task.caseId));
      const allowed =
        task &&
        record &&
        (oversees(record.divisionCode) ||
          (principal.role === task.assigneeRole && principal.subject === task.assigneeId));
      if (!allowed) throw notFound('审核任务');
      return;
    }
    case 'calendar':
      // The official calendar is public; who loaded which year is open to every signed-in caller of the route.
      return;
    case 'payment': {
      // Releases and rejections of held payments: overseers of the policy's jurisdiction, the payee, the department.
      const payment = await ports.payments.get(entityId);
      const allowed =
        payment &&
        (oversees(divisionOfPolicy(payment.policyId)) ||
          (principal.role === 'enterprise' && principal.subject === payment.uscc) ||
          (principal.role === 'department' && principal.subject === payment.departmentId));
      if (!allowed) throw notFound('支付单');
      return;
    }
    case 'reconciliation':
      // "<reconciliation id>#<seq>", and reconciliation ids start with their division's code.
      if (!oversees(divisionOfId(entityId))) throw notFound('对账差异');
      return;
    case 'blacklist': {
      // "<agencyId>:<uscc>": the listing agency, the listed enterprise, and overseers of the agency's jurisdiction.
      const [agencyId = '', uscc = ''] = entityId.split(':');
      const allowed =
        (principal.role === 'agency' && principal.subject === agencyId) ||
        (principal.role === 'enterprise' && principal.subject === uscc) ||
        oversees(divisionOfId(agencyId));
      if (!allowed) throw notFound('名单记录');
      return;
    }
  }
}
