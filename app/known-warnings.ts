/**
 * Imported first by the entry point. restify 11 reads process.binding('http_parser') on Node 20
 * (DEP0111): harmless and known, so it is kept out of the operator's log; every other warning is
 * printed as usual.
 */
process.removeAllListeners('warning');
process.on('warning', (warning: Error & { code?: string }) => {
  if (warning.code !== 'DEP0111') process.stderr.write(`${warning.name}: ${warning.message}\n`);
});

export {};
