// The headers every answer of the platform carries, on its own so the local web server can send them without the
// Lambda edge and its dependencies.
/**
 * Every answer is data for the caller, never a page: not to be sniffed into HTML, framed, cached by a shared proxy
 * (it may name an enterprise's account), or reached over plain HTTP again once seen over HTTPS.
 */
export const SECURITY_HEADERS = {
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
} as const;

/**
 * The CSP of the platform's own pages (the web app, the API viewer): their own scripts, styles and images, calls to
 * their own origin and to the sources a deployment names — its identity provider, the bucket uploads go to. Inline
 * styles stay allowed because Ant Design and Swagger UI set them at run time; scripts never run inline.
 */
export function pageContentSecurityPolicy(connectSources: string[] = []): string {
  return [
    "default-src 'self'",
    `connect-src ${["'self'", ...connectSources].join(' ')}`,
    "img-src 'self' data:",
    "style-src 'self' 'unsafe-inline'",
    "frame-ancestors 'none'",
  ].join('; ');
}
