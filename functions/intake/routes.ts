// HTTP routes of intake: upload materials, file a case, read one, list the caller's own.
import { listAnnouncements, raiseObjection } from '../../shared/announcements/announcement.ts';
import { listStuckCases, redriveCase } from '../../shared/chains/stuck.ts';
import { notFound } from '../../shared/errors.ts';
import { accepted, created, ok, type RoutesOf } from '../../shared/http.ts';
import {
  assertMayRead,
  caseMaterials,
  fileApplication,
  type IntakePorts,
  requestUpload,
  resubmit,
} from './intake.ts';
import { rateCase } from './rating.ts';

/** The newest notices; older ones stay in the outbox for delivery channels and audit. */
const NOTICES_SHOWN = 100;

export function intakeRoutes(ports: IntakePorts): RoutesOf<'intake'> {
  return {
    'POST /materials': async ({ principal, body }) => created(await requestUpload(ports, principal, body)),

    'POST /applications': async ({ principal, body }) =>
      created(await fileApplication(ports, principal, body)),

    'GET /applications/{id}': async ({ principal, path }) => {
      const record = await ports.cases.getCase(path.id);
      if (!record) throw notFound('办件');
      assertMayRead(principal, record);
      return ok(record);
    },

    'GET /applications/{id}/materials': async ({ principal, path }) =>
      ok({ items: await caseMaterials(ports, principal, path.id) }),

    'POST /applications/{id}/resubmit': async ({ principal, path, body }) =>
      ok(await resubmit(ports, principal, path.id, body)),

    'POST /applications/{id}/objections': async ({ principal, path, body }) =>
      created(await raiseObjection(ports, principal, path.id, body)),

    'POST /applications/{id}/rating': async ({ principal, path, body }) =>
      created(await rateCase(ports, principal, path.id, body)),

    'GET /cases/stuck': async ({ principal }) =>
      ok({ items: await listStuckCases({ store: ports.chainStore }, principal) }),

    'POST /applications/{id}/redrive': async ({ principal, path, body }) =>
      accepted(
        await redriveCase(
          { cases: ports.cases, chains: ports.chains, store: ports.chainStore, now: ports.now },
          principal,
          path.id,
          body.reason,
        ),
      ),

    'GET /announcements': async () => ok({ items: await listAnnouncements(ports) }),

    'GET /notifications': async ({ principal }) =>
      ok({ items: await ports.cases.listNotices(principal.subject, NOTICES_SHOWN) }),

    'GET /applications': async ({ principal, query }) => {
      // Enterprises see only their own; window staff look an enterprise up by its USCC, within their jurisdiction.
      const enterprise = principal.role === 'enterprise' ? principal.subject : query.uscc;
      if (!enterprise) return ok({ items: [] });
      const cases = await ports.cases.listCasesOf(enterprise);
      return ok({
        items:
          principal.role === 'window' ? cases.filter((c) => c.divisionCode === principal.division) : cases,
      });
    },
  };
}
