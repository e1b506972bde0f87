import { it } from 'vitest';
import { readManifest, buildCorpusLayout } from '../support/corpus.js';
import { checkFiles } from '../../generator/pipeline.js';
it('x', () => {
  const rows = readManifest(); const l = buildCorpusLayout(rows);
  for (const r of rows) {
    const { cwd, path } = l.locate(r);
    const f = checkFiles([path], { cwd }).files[0]!;
    for (const d of f.diagnostics.filter(d => d.severity==='error' && /NG3|NG10/.test(d.code))) console.log(r.file.slice(0,50), d.line, d.col, d.code, d.message.slice(0,200));
  }
  l.dispose();
});
