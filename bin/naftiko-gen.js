#!/usr/bin/env node
// Thin launcher: the CLI lives in the compiled generator (npm run build), bundled into one module
// (scripts/bundle-cli.mjs) so a cold start loads one file rather than ~90.
import { main } from '../dist/generator/cli/bundle/main.js';

// A closed pipe (`naftiko-gen validate … | head`) is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

process.exitCode = await main(process.argv.slice(2));
