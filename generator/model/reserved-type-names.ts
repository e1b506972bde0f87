// Names a generated type must not take: a bound OpenAPI document's component `Promise` or `CallOptions`
// (or an operation whose Params/Response name comes out as a runtime name) would shadow the global or
// imported type the generated code uses, and the package would not compile. The type-name allocator
// starts with these taken, so such a type is numbered instead (`Promise2`).
import { RUNTIME_NAMES } from '../emit/runtime-imports.js';

/**
 * Global types the generated files name in type positions (`Promise<Batch>`, `Record<string, …>`,
 * `AsyncIterable<Item>` …). Value-only globals (`Error`, `URL`) are not here: a type alias does not
 * shadow a value, so an OpenAPI `Error` schema keeps its name.
 */
const GLOBAL_TYPE_NAMES = ['Array', 'AsyncIterable', 'AsyncIterableIterator', 'Buffer', 'Partial', 'Promise', 'Readonly', 'ReadonlyArray', 'Record', 'Uint8Array'];

/** Names the generated files import from the SDKs (`McpServer`, `Transport`, express's `Router`, `Request`, `Response`) or declare themselves (`Clients`). */
const GENERATED_FILE_NAMES = ['McpServer', 'Transport', 'Router', 'Request', 'Response', 'Clients'];

/** Also every runtime export: the client imports some of them, and the package index re-exports them beside the types. */
export function reservedTypeNames(): string[] {
  return [...GLOBAL_TYPE_NAMES, ...GENERATED_FILE_NAMES, ...RUNTIME_NAMES.keys()];
}
