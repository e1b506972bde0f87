// Formats packages/runtime/src/*.ts with the generator's pinned prettier options (npm run format:templates).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatFile } from '../dist/generator/format/format.js';

const dir = new URL('../packages/runtime/src/', import.meta.url).pathname;
for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
  const path = join(dir, file);
  const text = readFileSync(path, 'utf8');
  const formatted = await formatFile(`src/runtime/${file}`, text);
  if (formatted !== text) {
    writeFileSync(path, formatted);
    console.log(`formatted ${file}`);
  }
}
