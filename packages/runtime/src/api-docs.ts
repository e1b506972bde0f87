// GET /docs of a generated REST adapter: an interactive reference of its openapi.json (Swagger UI).
// The page and its assets are served from the swagger-ui-dist package installed beside the adapter,
// never from a CDN, so it works offline; "Try it out" calls go to this adapter, since the page points
// the document's servers at the address it was loaded from. NAFTIKO_REST_DOCS=off turns it off.
//
// The package is only read from disk, at the first request for an asset, never imported: loading the
// adapter (or the client) does not load Swagger UI. It is an optional peer of this package: a
// generated package whose REST adapter serves /docs depends on it (generator/emit/dependencies.ts).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Router, type RequestHandler, type Response } from 'express';
import { errorJson } from './rest-errors.js';
import { allowedMethods } from './rest-methods.js';
import { settingOf } from './settings.js';

/** The files of swagger-ui-dist the page uses (source maps and the sample index.html are not served). */
const ASSETS: ReadonlySet<string> = new Set([
  'swagger-ui.css',
  'swagger-ui-bundle.js',
  'favicon-16x16.png',
  'favicon-32x32.png',
]);

/**
 * No inline script, nothing from another origin: the bundle and init.js come from here, requests go
 * to this adapter only. Swagger UI sets inline styles and uses data: images.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Runs in the browser: loads openapi.json from the adapter's root (the page is /docs, so '.' is the
 * root even behind a path prefix), points its servers there, and starts Swagger UI without the
 * online validator badge (it would call a third-party service).
 */
const INIT_SCRIPT = `'use strict';
(async () => {
  const root = new URL('.', window.location.href);
  const response = await fetch(new URL('openapi.json', root));
  const spec = await response.json();
  spec.servers = [{ url: root.href.replace(/\\/$/, ''), description: 'this adapter' }];
  window.ui = SwaggerUIBundle({ spec, dom_id: '#swagger-ui', deepLinking: true, validatorUrl: null });
})();
`;

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

function page(title: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — API reference</title>
<link rel="stylesheet" href="docs/swagger-ui.css">
<link rel="icon" type="image/png" href="docs/favicon-32x32.png" sizes="32x32">
</head>
<body>
<div id="swagger-ui"></div>
<script src="docs/swagger-ui-bundle.js"></script>
<script src="docs/init.js"></script>
</body>
</html>
`;
}

let assetsDir: string | undefined;

/** The folder of the installed swagger-ui-dist, or undefined when it is not installed. */
function swaggerUiDir(): string | undefined {
  if (assetsDir === undefined) {
    try {
      const require = createRequire(import.meta.url);
      assetsDir = dirname(require.resolve('swagger-ui-dist/package.json'));
    } catch {
      return undefined;
    }
  }
  return assetsDir;
}

function securityHeaders(res: Response): void {
  res.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
}

/** Whether /docs is served: NAFTIKO_REST_DOCS (on by default). */
export function apiDocsEnabled(env: Record<string, string | undefined> = process.env): boolean {
  return settingOf('NAFTIKO_REST_DOCS', env) !== false;
}

/**
 * The /docs routes: the page (/docs), its script (/docs/init.js) and the Swagger UI files it names;
 * an empty router when NAFTIKO_REST_DOCS=off, so /docs is then an unknown path (404).
 */
export function apiDocs(
  title: string,
  env: Record<string, string | undefined> = process.env,
): RequestHandler {
  if (!apiDocsEnabled(env)) return (_req, _res, next) => next();
  const router = Router();
  const html = page(title);
  router.get('/docs', (req, res) => {
    // /docs/ would resolve the page's relative links one level too deep.
    if (req.path.endsWith('/')) return res.redirect(301, '../docs');
    securityHeaders(res);
    res.setHeader('cache-control', 'no-cache');
    res.type('html').send(html);
  });
  router.get('/docs/init.js', (_req, res) => {
    securityHeaders(res);
    res.setHeader('cache-control', 'no-cache');
    res.type('text/javascript').send(INIT_SCRIPT);
  });
  router.get('/docs/:asset', (req, res, next) => {
    const asset = req.params['asset'] as string;
    if (!ASSETS.has(asset)) return next();
    const dir = swaggerUiDir();
    if (dir === undefined) {
      errorJson(
        res,
        503,
        'docs_unavailable',
        'The API reference needs the swagger-ui-dist package, a dependency of this package: run npm install.',
      );
      return;
    }
    securityHeaders(res);
    res.sendFile(join(dir, asset), { maxAge: '1h' });
  });
  router.all(['/docs', '/docs/init.js'], allowedMethods(['GET']));
  // Entered only for /docs paths: a nested router costs every other request a router pass of its own
  // (the REST adapter's profile, notes/issue-12w.md).
  return (req, res, next) => {
    if (apiDocsMayServe(req.url)) router(req, res, next);
    else next();
  };
}

/**
 * Whether a request URL may match one of the /docs routes: its path is /docs or starts with /docs/,
 * in any letter case (Express matches routes case-insensitively).
 */
export function apiDocsMayServe(url: string): boolean {
  if (url.length < 5 || url.slice(0, 5).toLowerCase() !== '/docs') return false;
  const next = url.charCodeAt(5);
  return Number.isNaN(next) || next === 0x2f || next === 0x3f; // end, '/' or '?'
}
