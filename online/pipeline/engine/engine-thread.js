// Entry of an engine thread (worker-pool.ts): loads the TypeScript sources through tsx, as the
// command's own entry does, then the thread's body.
import { register } from 'tsx/esm/api';
register();
await import('./engine-thread-body.ts');
