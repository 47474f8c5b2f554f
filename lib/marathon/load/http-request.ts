import * as http from 'node:http';
import * as https from 'node:https';
import * as tls from 'node:tls';
import { describeBytes } from './limits';
import { sanitizeServerText } from './server-text';

/** One GET, without redirects: {@link fetchText} decides where to go next and what to send there. */
export interface HopRequest {
  /** Without user-info: credentials travel only in `authorization`. */
  readonly url: URL;
  readonly authorization?: string;
  /** Extra PEM certificates to trust for https. */
  readonly caBundle?: string;
  /** When the whole request must be over, in `Date.now()` milliseconds (shared by every hop of a redirect chain). */
  readonly deadline: number;
  /** The user's timeout, for the message when the deadline passes. */
  readonly timeoutMs: number;
  readonly maxBytes: number;
}

export type HopResult =
  | { readonly kind: 'response'; readonly status: number; readonly statusText: string; readonly body: Buffer }
  | { readonly kind: 'redirect'; readonly location: string }
  | { readonly kind: 'failure'; readonly message: string };

/**
 * GETs one URL. Resolves exactly once and never rejects; whatever the outcome, the connection is closed by then,
 * so a server still sending (a body over the limit, a trickle past the deadline) costs nothing more.
 */
export function getOnce(hop: HopRequest): Promise<HopResult> {
  return new Promise((resolve) => {
    const client = hop.url.protocol === 'https:' ? https : http;
    const tlsOptions =
      hop.caBundle && hop.url.protocol === 'https:' ? { ca: [...tls.rootCertificates, hop.caBundle] } : {};
    let request: http.ClientRequest;
    try {
      request = client.get(hop.url, { headers: requestHeaders(hop.authorization), ...tlsOptions }, (response) =>
        readResponse(response, hop.maxBytes, settle),
      );
    } catch (cause) {
      // Node checks header values before connecting: a token with a line break in it is refused here, unsent.
      resolve({ kind: 'failure', message: describeNetworkError(cause as NodeJS.ErrnoException) });
      return;
    }
    const timer = setTimeout(
      () =>
        settle({
          kind: 'failure',
          message: `no complete response within the ${hop.timeoutMs / 1000} s deadline (--timeout)`,
        }),
      Math.max(0, hop.deadline - Date.now()),
    );
    let settled = false;
    function settle(result: HopResult): void {
      if (settled) {
        return;
      }
      settled = true;
      clearTimeout(timer);
      request.destroy();
      resolve(result);
    }
    request.on('error', (cause: NodeJS.ErrnoException) =>
      settle({ kind: 'failure', message: describeNetworkError(cause) }),
    );
  });
}

function requestHeaders(authorization: string | undefined): Record<string, string> {
  // `identity`: a compressed body would make the size limit count the wrong bytes, and Node would not inflate it.
  return {
    Accept: 'application/json',
    'Accept-Encoding': 'identity',
    ...(authorization ? { Authorization: authorization } : {}),
  };
}

function readResponse(response: http.IncomingMessage, maxBytes: number, settle: (result: HopResult) => void): void {
  const status = response.statusCode ?? 0;
  const location = response.headers.location;
  if (status >= 300 && status < 400 && location) {
    return settle({ kind: 'redirect', location });
  }
  const encoding = encodingProblem(response.headers['content-encoding']);
  // An error's status says what went wrong; its body only adds detail, and an encoded one is no loss.
  if (encoding && status !== 200) {
    return settle({ kind: 'response', status, statusText: response.statusMessage ?? '', body: Buffer.alloc(0) });
  }
  const problem = encoding ?? declaredSizeProblem(response.headers['content-length'], maxBytes);
  if (problem) {
    return settle({ kind: 'failure', message: problem });
  }
  const chunks: Buffer[] = [];
  let received = 0;
  response.on('data', (chunk: Buffer) => {
    received += chunk.length;
    if (received > maxBytes) {
      settle({ kind: 'failure', message: `response larger than ${describeBytes(maxBytes)} (--max-input-size)` });
    } else {
      chunks.push(chunk);
    }
  });
  response.on('error', (cause) =>
    settle({ kind: 'failure', message: `reading the response failed: ${sanitizeServerText(cause.message)}` }),
  );
  response.on('end', () =>
    settle({ kind: 'response', status, statusText: response.statusMessage ?? '', body: Buffer.concat(chunks) }),
  );
}

function encodingProblem(encoding: string | undefined): string | undefined {
  if (encoding === undefined || encoding.trim().toLowerCase() === 'identity') {
    return undefined;
  }
  return `the server sent a ${sanitizeServerText(encoding)}-encoded response though none was asked for; only uncompressed responses are read`;
}

function declaredSizeProblem(contentLength: string | undefined, maxBytes: number): string | undefined {
  const declared = Number(contentLength);
  if (contentLength === undefined || !Number.isFinite(declared) || declared <= maxBytes) {
    return undefined;
  }
  return `response of ${describeBytes(declared)} is larger than the ${describeBytes(maxBytes)} limit (--max-input-size)`;
}

function describeNetworkError(cause: NodeJS.ErrnoException): string {
  switch (cause.code) {
    case 'ECONNREFUSED':
      return 'connection refused (is the URL right and the server up?)';
    case 'ENOTFOUND':
      return 'host not found';
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return `TLS certificate not trusted (${cause.code}); pass the cluster's CA with --ca-bundle (e.g. from https://<cluster>/ca/dcos-ca.crt)`;
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return 'TLS certificate does not match the host name';
    case 'ERR_INVALID_CHAR':
      return 'DCOS_TOKEN holds a character an HTTP header cannot carry (a line break?); nothing was sent';
    default:
      // Parser and TLS errors can quote what the server sent.
      return sanitizeServerText(cause.message);
  }
}
