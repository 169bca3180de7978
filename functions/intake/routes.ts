// HTTP routes of intake: upload materials, file a case, read one, list the caller's own.

import { listStuckCases, redriveBody, redriveCase } from '../../shared/chains/stuck.ts';
import { notFound } from '../../shared/errors.ts';
import { accepted, created, type HttpEvent, type HttpResult, jsonBody, ok } from '../../shared/http.ts';
import { materialBody } from '../../shared/materials/materials.ts';
import { principalOf, requireRole } from '../../shared/principal.ts';
import { parseWith } from '../../shared/validation.ts';
import { listAnnouncements, objectionBody, raiseObjection } from './announcement.ts';
import {
  applicationBody,
  applicationListQuery,
  assertMayRead,
  fileApplication,
  type IntakePorts,
  requestUpload,
  resubmissionBody,
  resubmit,
} from './intake.ts';
import { rateCase, ratingBody } from './rating.ts';

/** The newest notices; older ones stay in the outbox for delivery channels and audit. */
const NOTICES_SHOWN = 100;

export function intakeRoutes(ports: IntakePorts) {
  return {
    'POST /materials': async (event: HttpEvent): Promise<HttpResult> => {
      const principal = principalOf(event);
      requireRole(principal, 'enterprise', 'window');
      return created(await requestUpload(ports, principal, parseWith(materialBody, jsonBody(event))));
    },

    'POST /applications': async (event: HttpEvent): Promise<HttpResult> => {
      const principal = principalOf(event);
      requireRole(principal, 'enterprise', 'window');
      const record = await fileApplication(ports, principal, parseWith(applicationBody, jsonBody(event)));
      return created(record);
    },

    'GET /applications/{id}': async (event: HttpEvent): Promise<HttpResult> => {
      const principal = principalOf(event);
      requireRole(principal, 'enterprise', 'window', 'department');
      const record = await ports.cases.getCase(event.pathParameters?.id ?? '');
      if (!record) throw notFound('办件');
      assertMayRead(principal, record);
      return ok(record);
    },

    'POST /applications/{id}/resubmit': async (event: HttpEvent): Promise<HttpResult> => {
      const principal = principalOf(event);
      requireRole(principal, 'enterprise', 'window');
      const body = parseWith(resubmissionBody, jsonBody(event));
      return ok(await resubmit(ports, principal, event.pathParameters?.id ?? '', body));
    },

    'POST /applications/{id}/objections': async (event: HttpEvent): Promise<HttpResult> => {
      // Any signed-in user may object during an announcement: that is what making it public is for.
      const principal = principalOf(event);
      const body = parseWith(objectionBody, jsonBody(event));
      return created(await raiseObjection(ports, principal, event.pathParameters?.id ?? '', body));
    },

    'POST /applications/{id}/rating': async (event: HttpEvent): Promise<HttpResult> => {
      const principal = principalOf(event);
      requireRole(principal, 'enterprise');
      const body = parseWith(ratingBody, jsonBody(event));
      return created(await rateCase(ports, principal, event.pathParameters?.id ?? '', body));
    },

    'GET /cases/stuck': async (event: HttpEvent): Promise<HttpResult> => {
      const principal = principalOf(event);
      requireRole(principal, 'admin');
      return ok({ items: await listStuckCases({ store: ports.chainStore }, principal) });
    },

    'POST /applications/{id}/redrive': async (event: HttpEvent): Promise<HttpResult> => {
      const principal = principalOf(event);
      requireRole(principal, 'admin');
      const { reason } = parseWith(redriveBody, jsonBody(event));
      const redriven = await redriveCase(
        { cases: ports.cases, chains: ports.chains, store: ports.chainStore, now: ports.now },
        principal,
        event.pathParameters?.id ?? '',
        reason,
      );
      return accepted(redriven);
    },

    'GET /announcements': async (): Promise<HttpResult> => ok({ items: await listAnnouncements(ports) }),

    'GET /notifications': async (event: HttpEvent): Promise<HttpResult> => {
      const principal = principalOf(event);
      requireRole(principal, 'enterprise');
      return ok({ items: await ports.cases.listNotices(principal.subject, NOTICES_SHOWN) });
    },

    'GET /applications': async (event: HttpEvent): Promise<HttpResult> => {
      const principal = principalOf(event);
      requireRole(principal, 'enterprise', 'window');
      const query = parseWith(applicationListQuery, event.queryStringParameters ?? {});
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
