// @naftiko-gen/runtime/results: building results from upstream bodies (raw formats, projections,
// orchestration steps). Loads the XML, YAML, CSV and JSONPath parsers, never express or the MCP SDK.
export * from '../fixed-result.js';
export * from '../formats.js';
export * from '../project.js';
export * from '../steps.js';
// project.ts and steps.ts both export `select`; orchestrations use the steps one (null on no match).
export { select } from '../steps.js';
