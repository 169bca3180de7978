// Where the web app and the OpenAPI viewer live beside the API's paths — the same on `npm start` and on CloudFront —
// and the viewer's files: our page and start script (web/api-docs), Swagger UI's bundle and styles from swagger-ui-dist.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The web app's paths, matching Vite's `base`: under a prefix of their own, they never collide with the API's. */
export const WEB_APP_PREFIX = '/app/';
export const API_DOCS_PREFIX = '/docs/';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Our own files: the page and the script that starts the viewer. */
export const API_DOCS_PAGE_DIR = path.join(repoRoot, 'web/api-docs');

/** What the page loads from the package; its standalone preset (the top bar to open other URLs) is left out. */
const SWAGGER_UI_FILES = ['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png'];

/** Every file of the viewer, by the name it is served under /docs/. */
export function apiDocsFiles(): Map<string, string> {
  const swaggerUi = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  return new Map([
    ['index.html', path.join(API_DOCS_PAGE_DIR, 'index.html')],
    ['init.js', path.join(API_DOCS_PAGE_DIR, 'init.js')],
    ...SWAGGER_UI_FILES.map((name): [string, string] => [name, path.join(swaggerUi, name)]),
  ]);
}
