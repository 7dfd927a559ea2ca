#!/usr/bin/env node
/**
 * `npx cairn …`: the project's command line (cli/main.ts has the commands). Loaded through tsx,
 * so that a checkout needs no build step.
 */
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
