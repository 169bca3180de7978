// Starts the API viewer on the platform's own description. A file of its own, not an inline script, so the page's
// CSP can refuse every inline script; the validator badge is off, since it would load an image from another site.
globalThis.addEventListener('load', () => {
  globalThis.ui = globalThis.SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
  });
});
