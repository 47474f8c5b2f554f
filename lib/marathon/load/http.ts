import * as http from 'node:http';
import * as https from 'node:https';
import * as tls from 'node:tls';
import { InputFailure, InputText } from './files';

/** Where to read a live estate from. */
export interface RemoteOptions {
  /** Marathon's base URL, e.g. `https://dcos.example.com/service/marathon`. */
  readonly marathonUrl?: string;
  /** Metronome's base URL, e.g. `https://dcos.example.com/service/metronome`. */
  readonly metronomeUrl?: string;
  /** A DC/OS authentication token, sent as `Authorization: token=<token>`. */
  readonly token?: string;
  /** PEM certificates to trust besides the system's roots, e.g. a DC/OS cluster's CA (`/ca/dcos-ca.crt`). */
  readonly caBundle?: string;
  /** Per-request timeout. @default 30000 */
  readonly timeoutMs?: number;
  /** Largest input accepted: each file, standard input and each HTTP response body. @default DEFAULT_MAX_INPUT_BYTES (256 MiB) */
  readonly maxInputBytes?: number;
}

/** Marathon's whole tree: apps, pods and groups must all be asked for, or none are embedded. */
export const MARATHON_GROUPS_PATH = '/v2/groups?embed=group.groups&embed=group.apps&embed=group.pods';
/** Metronome's jobs with their schedules. */
export const METRONOME_JOBS_PATH = '/v1/jobs?embed=schedules';

/** Reads the estate from live Marathon and Metronome servers. */
export async function readRemoteInputs(options: RemoteOptions): Promise<{ texts: InputText[]; failures: InputFailure[] }> {
  const requests: string[] = [];
  if (options.marathonUrl) requests.push(joinUrl(options.marathonUrl, MARATHON_GROUPS_PATH));
  if (options.metronomeUrl) requests.push(joinUrl(options.metronomeUrl, METRONOME_JOBS_PATH));
  const results = await Promise.all(requests.map((url) => fetchText(url, options)));
  const texts: InputText[] = [];
  const failures: InputFailure[] = [];
  results.forEach((result, i) => {
    if (result.ok) texts.push({ source: requests[i], text: result.text, discovered: false });
    else failures.push({ source: requests[i], message: result.message });
  });
  return { texts, failures };
}

export function joinUrl(base: string, suffix: string): string {
  return `${base.replace(/\/+$/, '')}${suffix}`;
}

type FetchResult = { ok: true; text: string } | { ok: false; message: string };

/** GETs a URL, following up to three redirects, and explains failures in words a platform engineer can act on. */
export function fetchText(url: string, options: RemoteOptions, redirects = 3): Promise<FetchResult> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return Promise.resolve({ ok: false, message: `not a valid URL: ${url}` });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return Promise.resolve({ ok: false, message: `only http and https URLs are supported, got ${parsed.protocol}` });
  }
  const client = parsed.protocol === 'https:' ? https : http;
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.token) headers.Authorization = `token=${options.token}`;
  return new Promise((resolve) => {
    const request = client.get(
      parsed,
      { headers, timeout: options.timeoutMs ?? 30_000, ...(options.caBundle && parsed.protocol === 'https:' ? { ca: [...tls.rootCertificates, options.caBundle] } : {}) },
      (response) => {
        const status = response.statusCode ?? 0;
        const location = response.headers.location;
        if (status >= 300 && status < 400 && location) {
          response.resume();
          if (redirects === 0) resolve({ ok: false, message: 'too many redirects' });
          else resolve(fetchText(new URL(location, parsed).toString(), options, redirects - 1));
          return;
        }
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', (cause) => resolve({ ok: false, message: `reading the response failed: ${cause.message}` }));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (status === 200) resolve({ ok: true, text });
          else resolve({ ok: false, message: describeStatus(status, text, Boolean(options.token)) });
        });
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no response within ${(options.timeoutMs ?? 30_000) / 1000} s`)));
    request.on('error', (cause: NodeJS.ErrnoException) => resolve({ ok: false, message: describeNetworkError(cause) }));
  });
}

function describeStatus(status: number, body: string, hadToken: boolean): string {
  if (status === 401) {
    return hadToken
      ? 'HTTP 401: the DC/OS token was rejected (expired?); get a fresh one with `dcos config show core.dcos_acs_token` and set DCOS_TOKEN'
      : 'HTTP 401: authentication required; set DCOS_TOKEN to a DC/OS token (`dcos config show core.dcos_acs_token`)';
  }
  if (status === 403) return 'HTTP 403: the DC/OS user behind DCOS_TOKEN may not read this service (needs dcos:adminrouter:service:marathon / metronome)';
  let detail = '';
  try {
    const parsed = JSON.parse(body) as { message?: unknown };
    if (typeof parsed.message === 'string') detail = `: ${parsed.message}`;
  } catch {
    detail = '';
  }
  return `HTTP ${status}${detail}`;
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
    default:
      return cause.message;
  }
}
