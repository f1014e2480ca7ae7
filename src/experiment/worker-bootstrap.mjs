// Loads the TypeScript worker from source. On Node 20, tsx's loader hooks do not reach worker
// threads through execArgv, so the worker registers them itself before importing the real module.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
