export * from './case.js';
export * from './identifiers.js';
export * from './mcp-tool-name.js';
export { fnv1a } from './hash.js';
export { titleFromDescription, titleFromName } from './title.js';
export { dictionaryOf, singular, splitWords } from './segment.js';
