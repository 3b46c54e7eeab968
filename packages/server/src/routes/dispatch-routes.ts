import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.ts';

export function dispatchRoutes(_app: FastifyInstance, _ctx: ServerContext): void {}
