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
