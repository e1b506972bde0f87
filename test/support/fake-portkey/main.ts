/**
 * Standalone fake Portkey for benchmarks: `npx tsx test/support/fake-portkey/main.ts`
 * (PORT env, default 4010; PORTKEY_API_KEY env, default 'pk-test-key'). Runs until killed.
 */
import { startFakePortkey } from './index.js';

const port = Number(process.env.PORT ?? 4010);
const fake = await startFakePortkey({ port, apiKey: process.env.PORTKEY_API_KEY ?? 'pk-test-key' });
process.stdout.write(`${fake.url}\n`);

const stop = (): void => {
  void fake.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
