// MCP tool names must be 1..64 characters of [A-Za-z0-9_.-] (docs/ARCHITECTURE.md, "Inputs and names"); real files have longer or odder names.
import { shorten } from './identifiers.js';

export const MCP_TOOL_NAME_MAX = 64;

export function sanitizeToolName(raw: string): string {
  const cleaned = raw
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9_.-]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return shorten(cleaned.length > 0 ? cleaned : 'tool', MCP_TOOL_NAME_MAX);
}
