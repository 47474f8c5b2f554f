import * as http from 'node:http';
import * as https from 'node:https';
import { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { generate } from 'selfsigned';

/** A request the fake server saw. */
export interface SeenRequest {
  readonly url: string;
  readonly authorization?: string;
  readonly headers: http.IncomingHttpHeaders;
}

/** What a route answers. */
export interface RouteResponse {
  readonly status: number;
  /** The whole body, or chunks made on demand while the client reads: huge or trickling bodies cost no memory. */
  readonly body: string | (() => AsyncIterable<string | Buffer> | Iterable<string | Buffer>);
  readonly headers?: Record<string, string>;
  /** The reason phrase of the status line. @default Node's standard text for the status */
  readonly statusText?: string;
}

export type Route = (request: http.IncomingMessage) => RouteResponse | Promise<RouteResponse>;

/** A local HTTP(S) server on 127.0.0.1 with a port of its own, recording what it was asked. */
export class FakeServer {
  readonly seen: SeenRequest[] = [];
  /** One entry per streamed body: the bytes handed to the socket by the time the client went away or the body ended. */
  readonly streamed: Promise<number>[] = [];
  private server?: http.Server;

  constructor(private readonly route: Route) {}

  async start(tls?: { key: string; cert: string }): Promise<string> {
    const handler: http.RequestListener = (request, response) => void this.respond(request, response);
    this.server = tls ? https.createServer(tls, handler) : http.createServer(handler);
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    // Trickling responses never end by themselves; close() alone would wait for them forever.
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async respond(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    this.seen.push({
      url: request.url ?? '',
      headers: request.headers,
      ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}),
    });
    const { status, body, headers, statusText } = await this.route(request);
    if (response.destroyed) {
      return;
    }
    response.writeHead(status, statusText ?? http.STATUS_CODES[status] ?? '', {
      'Content-Type': 'application/json',
      ...headers,
    });
    if (typeof body === 'string') {
      response.end(body);
    } else {
      this.streamed.push(streamBody(response, body()));
    }
  }
}

/** Writes chunks as fast as the client reads them, and stops as soon as the client is gone. */
async function streamBody(
  response: http.ServerResponse,
  chunks: AsyncIterable<string | Buffer> | Iterable<string | Buffer>,
): Promise<number> {
  let written = 0;
  for await (const chunk of chunks) {
    if (response.destroyed) {
      return written;
    }
    written += Buffer.byteLength(chunk);
    if (!response.write(chunk)) {
      await drainedOrClosed(response);
    }
  }
  if (!response.destroyed) {
    response.end();
  }
  return written;
}

function drainedOrClosed(response: http.ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      response.off('drain', done);
      response.off('close', done);
      resolve();
    };
    response.on('drain', done);
    response.on('close', done);
  });
}

/** `total` bytes of spaces in 64 KiB chunks, made lazily (the same buffer each time, so nothing is allocated). */
export async function* spaces(total: number): AsyncGenerator<Buffer> {
  const chunk = Buffer.alloc(64 * 1024, ' ');
  for (let sent = 0; sent < total; sent += chunk.length) {
    yield total - sent >= chunk.length ? chunk : chunk.subarray(0, total - sent);
  }
}

/** One byte every `everyMs` for as long as the client listens. */
export async function* trickle(everyMs: number): AsyncGenerator<string> {
  for (;;) {
    await sleep(everyMs);
    yield ' ';
  }
}

/** A throw-away certificate authority and a server certificate it signed for 127.0.0.1. */
export async function testCertificates(): Promise<{ caCert: string; serverKey: string; serverCert: string }> {
  const ca = await generate([{ name: 'commonName', value: 'marathon-to-eks test CA' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  const server = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
    ],
  });
  return { caCert: ca.cert, serverKey: server.private, serverCert: server.cert };
}
