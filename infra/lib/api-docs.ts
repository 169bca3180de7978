// The OpenAPI viewer at /docs/: our page and its start script (web/api-docs), and Swagger UI's bundle and styles from
// the installed swagger-ui-dist — served by `npm start` from where they lie, copied into the web bucket on AWS.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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
