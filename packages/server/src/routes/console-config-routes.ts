import { ConsoleConfigSchema } from '@jiefang/contract';
import type { ServerContext } from '../context.ts';
import type { TypedApp } from '../http/typed-app.ts';

/**
 * What the console reads before login: the city's time zone, and — only when the server was
 * started with the demo city — the demo accounts, so a first visitor knows how to get in.
 */
export function consoleConfigRoutes(app: TypedApp, ctx: ServerContext): void {
  app.get(
    '/api/v1/console-config',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: "The city's time zone and, in demo mode only, the demo logins",
        security: [],
        response: { 200: ConsoleConfigSchema },
      },
    },
    async () => ({
      timeZone: ctx.config.timeZone,
      demoLogins: (ctx.services.demoLogins ?? []).map(({ username, password, role }) => ({
        username,
        password,
        role,
      })),
    }),
  );
}
