// @naftiko-gen/runtime/server: the HTTP server plumbing shared by the REST adapter and the MCP server
// over HTTP (Express 5 middleware, logging, secrets, start-up). Needs express (an optional peer).
export * from '../access-log.js';
export * from '../api-docs.js';
export * from '../auth.js';
export * from '../caller-signal.js';
export * from '../cli.js';
export * from '../forward.js';
export * from '../forwarded-headers.js';
export * from '../health.js';
export * from '../host-check.js';
export * from '../log.js';
export * from '../oauth-resource.js';
export * from '../relay-memory.js';
export * from '../request-id.js';
export * from '../rest-body.js';
export * from '../rest-body-schema.js';
export * from '../rest-cors.js';
export * from '../rest-direct.js';
export * from '../rest-errors.js';
export * from '../rest-front.js';
export * from '../rest-inputs.js';
export * from '../rest-methods.js';
export * from '../rest-passthrough.js';
export * from '../rest-routes.js';
export * from '../secrets.js';
export * from '../serve.js';
