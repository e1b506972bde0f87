import { it } from 'vitest';
import * as n from '../../generator/names/index.js';
import * as e from '../../generator/emit/escape.js';
it('x', () => {
  for (const s of ['batches-batch_id', 'XMLHttpRequest', 'getHTTPResponse2', 'café au lait', 'foo123bar', '123abc', '', '---', 'list-your-organization-s-batches', 'ABC', 'a.b.c', 'über']) console.log(JSON.stringify(s), n.pascalCase(s), n.camelCase(s), n.upperSnakeCase(s), n.kebabCase(s), n.memberName(s), n.typeName(s));
  for (const s of ['class','constructor','__proto__','default','await', 'Object', 'prototype', 'string']) console.log(s, n.memberName(s), n.typeName(s), e.propertyKey(s), e.propertyAccess(s));
  console.log(n.sanitizeToolName('a'.repeat(100)), n.sanitizeToolName('héllo wörld/тест!'), n.sanitizeToolName('!!!'), n.sanitizeToolName(''));
  const a = new n.NameAllocator(['McpServer']);
  console.log(a.claim('mcpserver'), a.claim('Foo'), a.claim('foo'), a.claim('FOO'), a.claim('foo2'));
  console.log(e.stringLiteral("it's \"q\" \\ \r\n \u2028 \u2029 \u0000 ${x} `b`"));
  console.log(e.commentText('a */ b /* c *\\/ d'), '|', e.commentText('**/'), '|', e.commentText('*/*/'));
  console.log(e.propertyKey('x-api-key'), e.propertyKey('a b'), e.propertyKey('_ok$'), e.propertyKey('1a'), e.propertyKey(''));
  console.log(e.jsDoc(['x */ y', 'line1\nline2']));
});
