// Command-line entry point: `npm run cli -- <command>` (see cli/cli-runner.ts for the commands).
import 'reflect-metadata';
import { runCli } from './cli/cli-runner.js';

runCli(process.argv.slice(2)).then((code) => process.exit(code));
