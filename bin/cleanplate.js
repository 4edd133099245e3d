#!/usr/bin/env node
// Launcher for `npx cleanplate ...`: runs the TypeScript CLI through tsx's loader, in process.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
