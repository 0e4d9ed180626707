/** A connection string for messages and logs: its password replaced by ***. */
export function redactedUrl(connectionString: string): string {
  return connectionString.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}
