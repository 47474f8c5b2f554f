import * as http from 'node:http';
import * as https from 'node:https';
import { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';

/** A request the fake server saw. */
export interface SeenRequest {
  readonly url: string;
  readonly authorization?: string;
}

export type Route = (request: http.IncomingMessage) => { status: number; body: string; headers?: Record<string, string> };

/** A local HTTP(S) server on 127.0.0.1 with a port of its own, recording what it was asked. */
export class FakeServer {
  readonly seen: SeenRequest[] = [];
  private server?: http.Server;

  constructor(private readonly route: Route) {}

  async start(tls?: { key: string; cert: string }): Promise<string> {
    const handler: http.RequestListener = (request, response) => {
      this.seen.push({ url: request.url ?? '', ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}) });
      const { status, body, headers } = this.route(request);
      response.writeHead(status, { 'Content-Type': 'application/json', ...headers });
      response.end(body);
    };
    this.server = tls ? https.createServer(tls, handler) : http.createServer(handler);
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
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
