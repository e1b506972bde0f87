// Names a generated type must not take: a bound OpenAPI document's component `Promise` or `CallOptions`
// (or an operation whose Params/Response name comes out as a runtime name) would shadow the global or
// imported type the generated code uses, and the package would not compile. The type-name allocator
// starts with these taken, so such a type is numbered instead (`Promise2`).
import { RUNTIME_NAMES } from '../emit/runtime-imports.js';

/** TypeScript and JavaScript globals (types and values) and the names generated files import from express, the MCP SDK and node. */
const GLOBAL_NAMES = [
  'Array', 'ArrayBuffer', 'AsyncGenerator', 'AsyncIterable', 'AsyncIterableIterator', 'Awaited', 'BigInt', 'Blob', 'Boolean',
  'Buffer', 'Date', 'Error', 'Exclude', 'Extract', 'FormData', 'Function', 'Headers', 'Iterable', 'IterableIterator', 'JSON',
  'Map', 'Math', 'NodeJS', 'NonNullable', 'Number', 'Object', 'Omit', 'Parameters', 'Partial', 'Pick', 'Promise', 'Readonly',
  'ReadonlyArray', 'ReadonlyMap', 'ReadonlySet', 'Record', 'RegExp', 'Required', 'ReturnType', 'Set', 'String', 'Symbol',
  'TextDecoder', 'TextEncoder', 'URL', 'URLSearchParams', 'Uint8Array', 'AbortController', 'AbortSignal',
  'Request', 'Response', 'Router', 'Express', 'McpServer', 'Transport', 'Clients',
];

export function reservedTypeNames(): string[] {
  return [...GLOBAL_NAMES, ...RUNTIME_NAMES.keys()];
}
