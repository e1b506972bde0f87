// Runs the CLI in-process (generator/cli/main.ts) and collects what it printed, one array entry per line.
import { main } from '../../generator/cli/main.js';

export interface CliRun {
  code: number;
  out: string[];
  err: string[];
}

export async function runCli(argv: string[], cwd: string): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(...l.split('\n')), err: (l) => err.push(...l.split('\n')), cwd });
  return { code, out, err };
}
