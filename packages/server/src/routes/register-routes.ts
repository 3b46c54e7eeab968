import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.ts';
import { authRoutes } from './auth-routes.ts';

/** Every route module, registered once; each module checks role and org scope itself. */
export function registerRoutes(app: FastifyInstance, ctx: ServerContext): void {
  authRoutes(app, ctx);
}
