// @naftiko-gen/runtime/mcp: MCP tool results, resources and prompts of a generated MCP server. Needs
// @modelcontextprotocol/server (an optional peer).
export * from '../mcp.js';
export * from '../mcp-binary.js';
export * from '../mcp-front.js';
export * from '../mcp-http.js';
export * from '../mcp-json-transport.js';
export * from '../mcp-server-pool.js';
export * from '../mcp-resources.js';
export * from '../mcp-tools.js';
export * from '../resources.js';
