import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainErrorCode } from '@jiefang/core';
import { ServerErrorCode } from './server-error.ts';

/**
 * Errors Fastify and Node raise before a route runs (an over-long id, a malformed URL, a request
 * line or header past Node's size limit) answered in the project's `{error:{code,message}}`
 * format like everything else, so a client needs one error parser.
 */
export function frameworkErrors(
  error: { code?: string; message: string },
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  // Open311 clients parse GeoReport v2's error list, whatever failed.
  if (request.url.startsWith('/open311/')) {
    const description =
      error.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? `${DomainErrorCode.VALIDATION}: a path parameter is longer than 100 characters`
        : `${ServerErrorCode.BAD_REQUEST}: the request URL is malformed`;
    void reply.status(400).send([{ code: 400, description }]);
    return;
  }
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    void reply.status(400).send({
      error: {
        code: DomainErrorCode.VALIDATION,
        message: 'a path parameter is longer than 100 characters',
        field: 'id',
      },
    });
    return;
  }
  void reply.status(400).send({
    error: { code: ServerErrorCode.BAD_REQUEST, message: 'the request URL is malformed' },
  });
}

/** Node's own refusals on the socket (header overflow, timeouts, garbage), in the same format. */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [
          431,
          ServerErrorCode.REQUEST_TOO_LARGE,
          'the request line or headers are too large (shorten the query)',
        ]
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, ServerErrorCode.BAD_REQUEST, 'the request took too long to arrive']
        : [400, ServerErrorCode.BAD_REQUEST, 'the request is malformed'];
  const field = error.code === 'HPE_HEADER_OVERFLOW' ? { field: 'url' } : {};
  const body = JSON.stringify({ error: { code, message, ...field } });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
