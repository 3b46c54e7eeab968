import type { Socket } from 'node:net';

/**
 * What Node's HTTP parser refuses before any route runs (a request line or headers too large —
 * e.g. a 5,000-character search in the URL — or a malformed request) is answered in the API's
 * own error format, 400 ERR_BAD_REQUEST, instead of Node's bare 431 or Fastify's own body.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const body = JSON.stringify({
    error: {
      code: 'ERR_BAD_REQUEST',
      message: tooLarge
        ? 'the request line or headers are too large (shorten the query)'
        : 'malformed HTTP request',
      ...(tooLarge ? { field: 'url' } : {}),
    },
  });
  socket.end(
    'HTTP/1.1 400 Bad Request\r\n' +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}
