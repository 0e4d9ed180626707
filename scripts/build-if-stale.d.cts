/** Types of build-if-stale.cjs, for the TypeScript that spawns the compiled bot. */
/** Builds dist/ if it is missing or older than the sources; true if it built. Throws with tsc's output on failure. */
export declare function ensureBuilt(log?: (line: string) => void): boolean;
/** True when dist/ is missing, unfinished, or older than a source. */
export declare function isStale(): boolean;
/** The entry point `npm start` runs: <repo>/dist/bundle/index.js, the bundle of `compiled` and what it requires. */
export declare const entry: string;
/** The entry point tsc compiles: <repo>/dist/app/index.js. */
export declare const compiled: string;
/** The packages the bundle requires from node_modules at run time instead of holding them. */
export declare const EXTERNAL: readonly string[];
/** The repository's root folder. */
export declare const ROOT: string;
