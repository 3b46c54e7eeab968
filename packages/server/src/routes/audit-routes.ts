import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.ts';

export function auditRoutes(_app: FastifyInstance, _ctx: ServerContext): void {}
