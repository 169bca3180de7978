// Sign-in with OpenID Connect (authorization code + PKCE) through the provider the deployment names in config.json.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type User, UserManager, WebStorageStateStore } from 'oidc-client-ts';
import { BASE } from './router.tsx';

interface WebAppConfig {
  authority: string;
  clientId: string;
}

let manager: Promise<UserManager> | undefined;

/** One UserManager per page, made from the deployment's config; the session lives in this tab only. */
export function userManager(): Promise<UserManager> {
  manager ??= fetch(`${BASE}/config.json`)
    .then((response) => response.json() as Promise<WebAppConfig>)
    .then(
      (config) =>
        new UserManager({
          authority: config.authority,
          client_id: config.clientId,
          redirect_uri: `${window.location.origin}${BASE}/callback`,
          post_logout_redirect_uri: `${window.location.origin}${BASE}/`,
          response_type: 'code',
          scope: 'openid profile role',
          userStore: new WebStorageStateStore({ store: window.sessionStorage }),
        }),
    );
  return manager;
}

/** The signed-in person, or null; an expired session counts as none. */
export function useUser() {
  return useQuery({
    queryKey: ['user'],
    queryFn: async (): Promise<User | null> => {
      const user = await (await userManager()).getUser();
      return user && !user.expired ? user : null;
    },
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** The access token's claims the screens need: who, in which role. */
export function claimsOf(user: User): { role: string; subject: string; name: string; head: boolean } {
  const [, payload = ''] = user.access_token.split('.');
  // base64url of UTF-8: a Chinese name must be decoded as UTF-8, not as atob's one byte a character.
  const bytes = Uint8Array.from(atob(payload.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
  const claims = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, string>;
  return {
    role: claims.role ?? '',
    subject: claims.sub ?? '',
    name: claims.name ?? claims.sub ?? '',
    head: claims.position === 'head',
  };
}

export async function signIn(returnTo: string): Promise<void> {
  await (await userManager()).signinRedirect({ state: { returnTo } });
}

export function useSignOut() {
  const queries = useQueryClient();
  return async () => {
    const manager = await userManager();
    await manager.removeUser();
    queries.clear();
    await manager.signoutRedirect().catch(() => window.location.assign(`${BASE}/`));
  };
}

/** Finishes the sign-in the provider redirected back with; where the person was going, or their own start page. */
export async function completeSignIn(): Promise<string> {
  const user = await (await userManager()).signinRedirectCallback();
  const state = user.state as { returnTo?: string } | undefined;
  const returnTo = state?.returnTo ?? '/me';
  // "我的" is the enterprise's page; staff signing in from the header go to their workbench instead.
  return returnTo === '/me' && claimsOf(user).role !== 'enterprise' ? '/work' : returnTo;
}
