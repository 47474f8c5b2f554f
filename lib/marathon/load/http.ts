import { InvalidUtf8, decodeUtf8 } from './decode';
import { InputFailure, InputText } from './files';
import { HopResult, getOnce } from './http-request';
import { DEFAULT_MAX_INPUT_BYTES } from './limits';
import { sanitizeServerText } from './server-text';
import { basicAuthorization, displayUrl, parseServiceUrl, withoutUserInfo } from './service-url';

/**
 * Where to read a live estate from, and the limits that keep a slow, huge or hostile server from holding the run,
 * exhausting memory or collecting credentials.
 *
 * Credentials are bound to the origin (scheme, host and port) of the URL they belong to. A redirect within that
 * origin keeps them; a redirect to another origin is followed without them (as curl and fetch do), and they stay
 * behind for the rest of that chain even if it comes back. A redirect from https to http is refused outright: the
 * request and the estate would cross the network in clear text. At most {@link MAX_REDIRECTS} redirects are followed.
 */
export interface RemoteOptions {
  /**
   * Marathon's base URL, e.g. `https://dcos.example.com/service/marathon`. User-info in it
   * (`https://user:password@host/…`, percent-encoded) is sent as HTTP Basic authentication to this URL's origin,
   * in place of {@link token}; it is never printed: sources and messages show the URL without it.
   * @default none: Marathon is not read
   */
  readonly marathonUrl?: string;
  /**
   * Metronome's base URL, e.g. `https://dcos.example.com/service/metronome`; user-info as for {@link marathonUrl}.
   * @default none: Metronome is not read
   */
  readonly metronomeUrl?: string;
  /**
   * A DC/OS authentication token, sent as `Authorization: token=<token>` to the origins of {@link marathonUrl}
   * and {@link metronomeUrl} (unless the URL carries user-info), never to any other origin.
   * @default none: requests are anonymous
   */
  readonly token?: string;
  /**
   * PEM certificates to trust besides the system's roots, e.g. a DC/OS cluster's CA (`/ca/dcos-ca.crt`).
   * @default none: only the system's roots
   */
  readonly caBundle?: string;
  /**
   * Deadline of each of the two requests, in milliseconds: connecting, TLS, the headers, the whole body and every
   * redirect on the way share this one budget, so a server trickling bytes cannot hold the run any longer.
   * @default 30000
   */
  readonly timeoutMs?: number;
  /**
   * Largest input accepted: each file, standard input and each HTTP response body. A response whose
   * `Content-Length` says more is refused before its body is read; one without is cut off as soon as it passes the
   * limit. No compression is asked for and a compressed response is refused, so this bounds the bytes parsed.
   * @default DEFAULT_MAX_INPUT_BYTES (256 MiB)
   */
  readonly maxInputBytes?: number;
}

/** Marathon's whole tree: apps, pods and groups must all be asked for, or none are embedded. */
export const MARATHON_GROUPS_PATH = '/v2/groups?embed=group.groups&embed=group.apps&embed=group.pods';
/** Metronome's jobs with their schedules. */
export const METRONOME_JOBS_PATH = '/v1/jobs?embed=schedules';
/** Redirects followed per request; DC/OS's Admin Router needs at most one, more is a loop or a misconfiguration. */
export const MAX_REDIRECTS = 3;

const DEFAULT_TIMEOUT_MS = 30_000;

/** Reads the estate from live Marathon and Metronome servers; each input is named by its URL without user-info. */
export async function readRemoteInputs(
  options: RemoteOptions,
): Promise<{ texts: InputText[]; failures: InputFailure[] }> {
  const requests: string[] = [];
  if (options.marathonUrl) {
    requests.push(joinUrl(options.marathonUrl, MARATHON_GROUPS_PATH));
  }
  if (options.metronomeUrl) {
    requests.push(joinUrl(options.metronomeUrl, METRONOME_JOBS_PATH));
  }
  const results = await Promise.all(requests.map((url) => fetchText(url, options)));
  const texts: InputText[] = [];
  const failures: InputFailure[] = [];
  results.forEach((result, i) => {
    const source = displayUrl(requests[i]);
    if (result.ok) {
      texts.push({
        source,
        text: result.text,
        discovered: false,
        ...(result.invalidUtf8 ? { invalidUtf8: result.invalidUtf8 } : {}),
      });
    } else {
      failures.push({ source, message: result.message });
    }
  });
  return { texts, failures };
}

export function joinUrl(base: string, suffix: string): string {
  return `${base.replace(/\/+$/, '')}${suffix}`;
}

type FetchResult = { ok: true; text: string; invalidUtf8?: InvalidUtf8 } | { ok: false; message: string };

/** The credential of one request chain, and the origin it may be sent to. */
interface Credential {
  readonly origin: string;
  readonly authorization: string;
  readonly kind: 'basic' | 'token';
}

/** What became of the credential by the time the final response came: it decides what a 401 or 403 means. */
type CredentialState =
  | { readonly kind: 'basic' | 'token' | 'none' }
  | { readonly kind: 'withheld'; readonly from: string; readonly at: string };

/**
 * GETs a URL within one deadline, following redirects under the rules of {@link RemoteOptions}, and explains
 * failures in words a platform engineer can act on. Never rejects; no message holds user-info or raw server
 * control characters.
 */
export async function fetchText(url: string, options: RemoteOptions): Promise<FetchResult> {
  const parsed = parseServiceUrl(url);
  if (!parsed.ok) {
    return parsed;
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  let credential = credentialFor(parsed.url, options.token);
  let target = withoutUserInfo(parsed.url);
  let withheldFrom: string | undefined;
  for (let redirects = 0; ; redirects++) {
    const hop = {
      url: target,
      deadline,
      timeoutMs,
      maxBytes: options.maxInputBytes ?? DEFAULT_MAX_INPUT_BYTES,
      ...(options.caBundle ? { caBundle: options.caBundle } : {}),
    };
    const result: HopResult = await getOnce(credential ? { ...hop, authorization: credential.authorization } : hop);
    if (result.kind === 'failure') {
      return { ok: false, message: result.message };
    }
    if (result.kind === 'response') {
      if (result.status === 200) {
        const { text, invalid } = decodeUtf8(result.body);
        return { ok: true, text, ...(invalid ? { invalidUtf8: invalid } : {}) };
      }
      const state: CredentialState = withheldFrom
        ? { kind: 'withheld', from: withheldFrom, at: target.origin }
        : { kind: credential?.kind ?? 'none' };
      return {
        ok: false,
        message: describeStatus(result.status, result.statusText, result.body.toString('utf8'), state),
      };
    }
    if (redirects === MAX_REDIRECTS) {
      return { ok: false, message: `more than ${MAX_REDIRECTS} redirects` };
    }
    const next = redirectTarget(target, result.location);
    if (!next.ok) {
      return next;
    }
    if (credential && next.url.origin !== credential.origin) {
      withheldFrom = credential.origin;
      credential = undefined;
    }
    target = next.url;
  }
}

function credentialFor(url: URL, token: string | undefined): Credential | undefined {
  const basic = basicAuthorization(url);
  if (basic) {
    return { origin: url.origin, authorization: basic, kind: 'basic' };
  }
  return token ? { origin: url.origin, authorization: `token=${token}`, kind: 'token' } : undefined;
}

/** Where a redirect leads. User-info in a `Location` is dropped: credentials come from the user, never a server. */
function redirectTarget(from: URL, location: string): { ok: true; url: URL } | { ok: false; message: string } {
  const shown = sanitizeServerText(displayUrl(location));
  let next: URL;
  try {
    next = new URL(location, from);
  } catch {
    return { ok: false, message: `redirected to an invalid URL: ${shown}` };
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') {
    return { ok: false, message: `redirected to a URL that is not http:// or https://: ${shown}` };
  }
  if (from.protocol === 'https:' && next.protocol === 'http:') {
    return {
      ok: false,
      message: `refused a redirect from https to http (${sanitizeServerText(withoutUserInfo(next).href)}): the request, its credentials and the estate would cross the network in clear text; use the https URL of the service`,
    };
  }
  return { ok: true, url: withoutUserInfo(next) };
}

function describeStatus(status: number, statusText: string, body: string, credential: CredentialState): string {
  if ((status === 401 || status === 403) && credential.kind === 'withheld') {
    return `HTTP ${status} from ${credential.at}: the credentials were not sent there, because a redirect led away from ${credential.from} and credentials go to that origin only; if you trust ${credential.at}, use it in the URL directly`;
  }
  if (status === 401) {
    if (credential.kind === 'basic') {
      return 'HTTP 401: the user name and password in the URL were rejected';
    }
    return credential.kind === 'token'
      ? 'HTTP 401: the DC/OS token was rejected (expired?); get a fresh one with `dcos config show core.dcos_acs_token` and set DCOS_TOKEN'
      : 'HTTP 401: authentication required; set DCOS_TOKEN to a DC/OS token (`dcos config show core.dcos_acs_token`)';
  }
  if (status === 403) {
    return credential.kind === 'basic'
      ? 'HTTP 403: the user in the URL may not read this service'
      : 'HTTP 403: the DC/OS user behind DCOS_TOKEN may not read this service (needs dcos:adminrouter:service:marathon / metronome)';
  }
  const detail = serverMessage(body) ?? statusText;
  return detail ? `HTTP ${status}: ${sanitizeServerText(detail)}` : `HTTP ${status}`;
}

/** The `message` of a Marathon or Metronome error body. */
function serverMessage(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { message?: unknown };
    return typeof parsed?.message === 'string' ? parsed.message : undefined;
  } catch {
    return undefined;
  }
}
