// Types of ./malloc.js for the TypeScript that imports it (src/node/worker-pool.ts).
export declare const MALLOC_TUNABLES: string;
export declare function hasMallocTunables(env: NodeJS.ProcessEnv): boolean;
export declare function withMallocTunables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
