// The sign-in interaction: the page listing the demo identities, and the choice that completes login and consent.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errors, type Provider } from 'oidc-provider';
import type { DemoIdentity } from '../demo-identities.ts';
import { errorPage, PAGE_HEADERS, signInPage } from './pages.ts';

/** A choice of identity is a few dozen bytes; anything far larger is not this page's form. */
const MAX_FORM_BYTES = 4096;

function send(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { ...PAGE_HEADERS, 'content-length': Buffer.byteLength(html) });
  res.end(html);
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) return undefined;
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** A page of another sign-in than the one this browser is in. */
class LostInteraction extends Error {}

/** oidc-provider's own error for an interaction whose cookie is gone or whose time is up, or another's page. */
function isLostInteraction(error: unknown): boolean {
  if (error instanceof LostInteraction || error instanceof errors.SessionNotFound) return true;
  return error instanceof errors.OIDCProviderError && error.status < 500;
}

export interface SignInInteraction {
  /** Serves `<issuer>/interaction/<uid>`: GET shows the page, POST takes the choice. */
  handle(req: IncomingMessage, res: ServerResponse, uid: string): Promise<void>;
}

export function signInInteraction(
  provider: Provider,
  identities: readonly DemoIdentity[],
): SignInInteraction {
  async function show(req: IncomingMessage, res: ServerResponse, uid: string): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) throw new LostInteraction();
    if (details.prompt.name === 'login') {
      const client = await provider.Client.find(String(details.params.client_id));
      send(res, 200, signInPage(identities, client?.clientName ?? String(details.params.client_id)));
      return;
    }
    // A first-party client needs no consent screen: whatever it asked for again (prompt=consent) is granted.
    const accountId = details.session?.accountId;
    if (!accountId)
      throw new Error(`interaction ${details.uid} asks for ${details.prompt.name} without a session`);
    const missing = details.prompt.details as {
      missingOIDCScope?: string[];
      missingResourceScopes?: Record<string, string[]>;
    };
    const grant =
      (details.grantId ? await provider.Grant.find(details.grantId) : undefined) ??
      new provider.Grant({ accountId, clientId: String(details.params.client_id) });
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    for (const [resource, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
      grant.addResourceScope(resource, scopes.join(' '));
    }
    await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } });
  }

  async function choose(req: IncomingMessage, res: ServerResponse, uid: string): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) throw new LostInteraction();
    const form = await readForm(req);
    if (!form || details.prompt.name !== 'login') {
      send(res, 400, errorPage({ error: 'invalid_request', error_description: '登录表单无效，请重新登录' }));
      return;
    }
    if (form.has('cancel')) {
      await provider.interactionFinished(req, res, {
        error: 'access_denied',
        error_description: '用户取消了登录',
      });
      return;
    }
    const identity = identities.find(({ id }) => id === form.get('identity'));
    if (!identity) {
      send(res, 400, errorPage({ error: 'invalid_request', error_description: '没有这个身份，请重新选择' }));
      return;
    }
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: identity.id, remember: false } },
      { mergeWithLastSubmission: false },
    );
  }

  return {
    async handle(req, res, uid) {
      const method = (req.method ?? 'GET').toUpperCase();
      try {
        if (method === 'GET') await show(req, res, uid);
        else if (method === 'POST') await choose(req, res, uid);
        else {
          res.writeHead(405, { allow: 'GET, POST' }).end();
          return;
        }
      } catch (error) {
        if (!isLostInteraction(error)) throw error;
        send(
          res,
          400,
          errorPage({
            error: 'invalid_request',
            error_description: `这次登录（${uid}）已过期或已完成，请回到应用重新登录`,
          }),
        );
      }
    },
  };
}
