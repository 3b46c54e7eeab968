import type { TypedApp } from '../http/typed-app.ts';
import { Type } from 'typebox';
import { caller } from '../auth/authenticate.ts';
import { guard, scopeOf } from '../auth/guard.ts';
import type { ServerContext } from '../context.ts';
import { errorResponses, Id } from '@jiefang/contract';

const AuditRecordSchema = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  actorId: Type.String(),
  action: Type.String({ description: "e.g. 'incident.contact.read'" }),
  subjectType: Type.String(),
  subjectId: Type.String(),
  orgId: Type.String(),
  detail: Type.Unknown(),
});

export const MAX_AUDIT_LIMIT = 1000;

/** Who read or changed personal data: reviewed by admins, within their own org subtree. */
export function auditRoutes(app: TypedApp, ctx: ServerContext): void {
  app.get(
    '/api/v1/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Audit log of personal-data reads in your org subtree, newest first (admin)',
        querystring: Type.Object(
          {
            actorId: Type.Optional(Id),
            subjectType: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            subjectId: Type.Optional(Id),
            from: Type.Optional(Type.String({ format: 'date-time', description: 'inclusive' })),
            to: Type.Optional(Type.String({ format: 'date-time', description: 'exclusive' })),
            limit: Type.Optional(
              Type.Integer({ minimum: 1, maximum: MAX_AUDIT_LIMIT, default: 100 }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(AuditRecordSchema), ...errorResponses },
      },
    },
    async (request) => {
      guard(ctx, request, 'user.manage', caller(request).orgId);
      const query = request.query;
      return ctx.store.audit.list({ ...query, orgIds: [...scopeOf(ctx, request)] });
    },
  );
}
