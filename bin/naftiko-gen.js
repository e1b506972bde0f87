#!/usr/bin/env node
// Thin launcher: the CLI lives in the compiled generator (npm run build).
import { main } from '../dist/generator/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
