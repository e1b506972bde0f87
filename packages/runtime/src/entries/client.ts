// @naftiko-gen/runtime/client: what a generated typed client needs (transport, errors, settings,
// body readers). Node built-ins and eventsource-parser (no dependencies of its own) only: importing
// it loads neither express nor the MCP SDK.
export * from '../abort-watch.js';
export * from '../bound-call.js';
export * from '../caller-credentials.js';
export * from '../deadline.js';
export * from '../forward-target.js';
export * from '../json-lines.js';
export * from '../node-exchange.js';
export * from '../pagination.js';
export * from '../read-body.js';
export * from '../request-body.js';
export * from '../request-plan.js';
export * from '../response-streams.js';
export * from '../retry-policy.js';
export * from '../server-sent-events.js';
export * from '../settings.js';
export * from '../template.js';
export * from '../tracing.js';
export * from '../transport.js';
export * from '../upstream-env.js';
export * from '../upstream-errors.js';
export * from '../upstream-response.js';
