// The MCP HTTP endpoint as an OAuth 2.1 resource server (the MCP authorization spec): with
// NAFTIKO_MCP_OAUTH_ISSUER, NAFTIKO_MCP_OAUTH_AUDIENCE and NAFTIKO_MCP_OAUTH_JWKS_URL (or _FILE) set,
// the server publishes its Protected Resource Metadata (RFC 9728) and lets a request reach /mcp only
// with a valid JWT access token: signature checked against the issuer's keys (fetched once, cached,
// refetched for an unknown key id), `iss`, `aud`, `exp` and `nbf` (with a small clock skew), and the
// required scopes. jose is imported only when these variables are set.
import { readFileSync } from 'node:fs';
import type { Request, RequestHandler, Response } from 'express';
import type { JWTPayload, JWTVerifyGetKey } from 'jose';
import type { Logger } from './log.js';
import { settingOf } from './settings.js';

const METADATA_PATH = '/.well-known/oauth-protected-resource';
/** Accepted clock difference with the issuer for `exp` and `nbf`, in seconds. */
const CLOCK_SKEW_SECONDS = 30;
/** Signature algorithms of public keys: never `none`, never a shared secret (HS*). */
const ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
];
const OAUTH_ENV = [
  'NAFTIKO_MCP_OAUTH_ISSUER',
  'NAFTIKO_MCP_OAUTH_AUDIENCE',
  'NAFTIKO_MCP_OAUTH_JWKS_URL',
  'NAFTIKO_MCP_OAUTH_JWKS_FILE',
  'NAFTIKO_MCP_OAUTH_SCOPES',
] as const;

export interface OAuthSettings {
  issuer: string;
  audience: string;
  jwks: { url: string } | { file: string };
  scopes: string[];
}

type Env = Record<string, string | undefined>;

/**
 * The OAuth settings, undefined when none of NAFTIKO_MCP_OAUTH_* is set; throws an Error saying
 * what is missing when they are set only in part (a half-configured server must not start open).
 */
export function oauthSettings(env: Env = process.env): OAuthSettings | undefined {
  if (!OAUTH_ENV.some((name) => (env[name] ?? '').trim() !== '')) return undefined;
  const issuer = settingOf('NAFTIKO_MCP_OAUTH_ISSUER', env);
  const audience = settingOf('NAFTIKO_MCP_OAUTH_AUDIENCE', env);
  const url = settingOf('NAFTIKO_MCP_OAUTH_JWKS_URL', env);
  const file = settingOf('NAFTIKO_MCP_OAUTH_JWKS_FILE', env);
  const missing = [
    ...(issuer === undefined ? ['NAFTIKO_MCP_OAUTH_ISSUER'] : []),
    ...(audience === undefined ? ['NAFTIKO_MCP_OAUTH_AUDIENCE'] : []),
    ...(url === undefined && file === undefined
      ? ['NAFTIKO_MCP_OAUTH_JWKS_URL (or NAFTIKO_MCP_OAUTH_JWKS_FILE)']
      : []),
  ];
  if (missing.length > 0)
    throw new Error(
      `OAuth is half configured: set ${missing.join(', ')} as well, or unset every NAFTIKO_MCP_OAUTH_* variable`,
    );
  if (url !== undefined && file !== undefined)
    throw new Error('set NAFTIKO_MCP_OAUTH_JWKS_URL or NAFTIKO_MCP_OAUTH_JWKS_FILE, not both');
  const scopes = (settingOf('NAFTIKO_MCP_OAUTH_SCOPES', env) ?? '').split(/[\s,]+/).filter((s) => s !== '');
  return {
    issuer: issuer!,
    audience: audience!,
    jwks: url !== undefined ? { url } : { file: file! },
    scopes,
  };
}

/** What a request without a usable token is answered. */
interface Refusal {
  status: 401 | 403 | 503;
  error?: 'invalid_token' | 'insufficient_scope';
  description: string;
}

/** A jose failure as the answer to give and the reason to log (never the token). */
function refusalOf(err: unknown): Refusal {
  const code = (err as { code?: unknown } | null)?.code;
  const claim = (err as { claim?: unknown } | null)?.claim;
  const invalid = (description: string): Refusal => ({ status: 401, error: 'invalid_token', description });
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      return invalid('the token has expired');
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      if (claim === 'iss') return invalid('the token was issued by another issuer');
      if (claim === 'aud') return invalid('the token is for another audience');
      if (claim === 'nbf') return invalid('the token is not valid yet');
      return invalid('a claim of the token is not valid');
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return invalid('the token signature does not verify');
    case 'ERR_JWKS_NO_MATCHING_KEY':
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return invalid('no key of the issuer matches the token');
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
    case 'ERR_JOSE_NOT_SUPPORTED':
      return invalid('the token is not signed with an accepted algorithm');
    case 'ERR_JWS_INVALID':
    case 'ERR_JWT_INVALID':
      return invalid('the token is not a signed JWT');
    default:
      // The keys could not be fetched (timeout, network, a bad answer): not the caller's fault.
      return { status: 503, description: 'the signing keys of the issuer could not be fetched' };
  }
}

function bearerToken(req: Request): string | undefined {
  const h = req.headers.authorization;
  if (typeof h !== 'string') return undefined;
  const m = /^\s*Bearer\s+([A-Za-z0-9\-._~+/]+=*)\s*$/i.exec(h);
  return m?.[1];
}

function quoted(value: string): string {
  return `"${value.replace(/["\\]/g, '')}"`;
}

export interface OAuthResourceServer {
  /** Serves the metadata document and guards /mcp: mount it after the Host check, before /mcp. */
  handler: RequestHandler;
  settings: OAuthSettings;
}

/**
 * The resource server of these settings: loads jose and the key set (a file is read now; a URL is
 * fetched on the first token, then cached). Throws when the key file cannot be used.
 */
export async function oauthResourceServer(
  settings: OAuthSettings,
  log: Logger,
  endpoint = '/mcp',
): Promise<OAuthResourceServer> {
  const jose = await import('jose');
  let keys: JWTVerifyGetKey;
  if ('url' in settings.jwks) {
    keys = jose.createRemoteJWKSet(new URL(settings.jwks.url), {
      cacheMaxAge: 10 * 60_000,
      cooldownDuration: 30_000,
      timeoutDuration: 5_000,
    });
  } else {
    let text: string;
    try {
      text = readFileSync(settings.jwks.file, 'utf8');
    } catch (err) {
      throw new Error(
        `NAFTIKO_MCP_OAUTH_JWKS_FILE ${settings.jwks.file} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
    try {
      keys = jose.createLocalJWKSet(JSON.parse(text));
    } catch {
      throw new Error(
        `NAFTIKO_MCP_OAUTH_JWKS_FILE ${settings.jwks.file} is not a JSON Web Key Set ({"keys":[…]})`,
      );
    }
  }

  // The resource is the audience when it is a URL (the MCP spec's canonical server URI); otherwise
  // the URL this request reached the endpoint at.
  const audienceUrl = /^https?:\/\//i.test(settings.audience) ? new URL(settings.audience) : undefined;
  const resourceOf = (req: Request): URL =>
    audienceUrl ?? new URL(`${req.protocol}://${req.get('host') ?? 'localhost'}${endpoint}`);
  const metadataUrl = (resource: URL): string =>
    `${resource.origin}${METADATA_PATH}${resource.pathname === '/' ? '' : resource.pathname}`;

  const sendMetadata = (req: Request, res: Response): void => {
    const resource = resourceOf(req);
    res.setHeader('cache-control', 'public, max-age=300');
    res.setHeader('access-control-allow-origin', '*');
    res.json({
      resource: audienceUrl ? settings.audience : resource.href,
      authorization_servers: [settings.issuer],
      bearer_methods_supported: ['header'],
      ...(settings.scopes.length > 0 ? { scopes_supported: settings.scopes } : {}),
    });
  };

  const refuse = (req: Request, res: Response, refusal: Refusal): void => {
    const params = [
      ...(refusal.error
        ? [`error="${refusal.error}"`, `error_description=${quoted(refusal.description)}`]
        : []),
      ...(refusal.error === 'insufficient_scope' ? [`scope=${quoted(settings.scopes.join(' '))}`] : []),
      `resource_metadata=${quoted(metadataUrl(resourceOf(req)))}`,
    ];
    if (refusal.status !== 503) res.setHeader('www-authenticate', `Bearer ${params.join(', ')}`);
    res.setHeader('cache-control', 'no-store');
    const code =
      refusal.status === 503 ? 'auth_unavailable' : refusal.status === 403 ? 'forbidden' : 'unauthorized';
    const message =
      refusal.status === 401 && !refusal.error
        ? 'An OAuth access token is required (Authorization: Bearer …); the metadata document says where to get one'
        : `Access token refused: ${refusal.description}`;
    res.status(refusal.status).json({ error: { code, message } });
  };

  const verify = async (token: string): Promise<{ payload: JWTPayload } | Refusal> => {
    try {
      const { payload } = await jose.jwtVerify(token, keys, {
        issuer: settings.issuer,
        audience: settings.audience,
        clockTolerance: CLOCK_SKEW_SECONDS,
        algorithms: ALGORITHMS,
        requiredClaims: ['exp'],
      });
      return { payload };
    } catch (err) {
      return refusalOf(err);
    }
  };

  const handler: RequestHandler = (req, res, next) => {
    const path = req.path;
    if (path === METADATA_PATH || path.startsWith(`${METADATA_PATH}/`)) {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.setHeader('allow', 'GET, HEAD');
        res.status(405).json({
          error: { code: 'method_not_allowed', message: `${req.method} is not allowed here; use GET` },
        });
        return;
      }
      sendMetadata(req, res);
      return;
    }
    if (path !== endpoint) return next();
    const token = bearerToken(req);
    if (token === undefined) return refuse(req, res, { status: 401, description: 'no access token' });
    void verify(token).then((result) => {
      if (!('payload' in result)) {
        if (result.status === 503)
          log.warn('oauth keys unavailable', {
            jwks: 'url' in settings.jwks ? settings.jwks.url : settings.jwks.file,
          });
        else log.warn('access token refused', { reason: result.description });
        return refuse(req, res, result);
      }
      const granted = new Set(String(result.payload.scope ?? '').split(' '));
      if (settings.scopes.some((s) => !granted.has(s)))
        return refuse(req, res, {
          status: 403,
          error: 'insufficient_scope',
          description: 'the token lacks a required scope',
        });
      next();
    }, next);
  };
  return { handler, settings };
}

/**
 * For an entry point: the resource server when NAFTIKO_MCP_OAUTH_* is set, undefined when not; a
 * half-set configuration or an unusable key file prints `<server>: <problem>` and exits 1.
 */
export async function mcpOAuthOrExit(
  server: string,
  log: Logger,
  env: Env = process.env,
): Promise<OAuthResourceServer | undefined> {
  try {
    const settings = oauthSettings(env);
    if (settings === undefined) return undefined;
    const resourceServer = await oauthResourceServer(settings, log);
    log.info('oauth resource server', { issuer: settings.issuer, audience: settings.audience });
    return resourceServer;
  } catch (err) {
    process.stderr.write(`${server}: ${(err as Error).message} — fix it and restart\n`);
    process.exit(1);
  }
}
