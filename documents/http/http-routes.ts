/** Every HTTP route besides the bot's own (/api/messages, /healthz): publication and export downloads. */
import type { Server } from 'restify';
import { registerExportRoutes, type ExportDeps } from './export-routes';
import { registerPublicationRoutes } from './publication-routes';

export function registerHttpRoutes(server: Server, deps: ExportDeps): void {
  registerPublicationRoutes(server, deps);
  registerExportRoutes(server, deps);
}
