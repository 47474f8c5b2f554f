/**
 * Base URLs of Marathon and Metronome as the user gives them. User-info (`https://user:password@host/…`) is a
 * credential: it is turned into an `Authorization` header and removed from every name the URL is shown under.
 */

export type ParsedServiceUrl =
  { readonly ok: true; readonly url: URL } | { readonly ok: false; readonly message: string };

/** Parses an http(s) URL; the failure message shows the URL without its user-info. */
export function parseServiceUrl(raw: string): ParsedServiceUrl {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, message: `not a valid URL: ${displayUrl(raw)}` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, message: `not an http:// or https:// URL: ${displayUrl(raw)}` };
  }
  return { ok: true, url };
}

/**
 * `raw` as it may be printed. An http(s) URL loses exactly what the URL parser (and so Node) would read as
 * user-info, and is otherwise left as written. Anything else is never sent anywhere, so it is cut more bluntly:
 * everything up to its last `@` goes.
 */
export function displayUrl(raw: string): string {
  const url = tryUrl(raw);
  if (url && (url.protocol === 'http:' || url.protocol === 'https:')) {
    return url.username || url.password ? withoutUserInfo(url).href : raw;
  }
  return raw.replace(/^(.*?:\/\/)?.*@/su, '$1');
}

/** A copy of `url` without user-info: what is requested, so Node does not send the user-info on its own. */
export function withoutUserInfo(url: URL): URL {
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  return copy;
}

/** The `Authorization` header HTTP Basic authentication makes of the URL's user-info, if it has any. */
export function basicAuthorization(url: URL): string | undefined {
  if (!url.username && !url.password) {
    return undefined;
  }
  return `Basic ${Buffer.from(`${percentDecoded(url.username)}:${percentDecoded(url.password)}`, 'utf8').toString('base64')}`;
}

function percentDecoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    // A stray `%` the URL parser let through: the text is meant literally.
    return text;
  }
}

function tryUrl(raw: string): URL | undefined {
  try {
    return new URL(raw);
  } catch {
    return undefined;
  }
}
