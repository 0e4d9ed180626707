/** Types of start-args.cjs. */
/** The Node options `npm start` gives the bot (package.json's `start` script), e.g. ['--max-old-space-size=1536']. */
export declare function startNodeArgs(): string[];
