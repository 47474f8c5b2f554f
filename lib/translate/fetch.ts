import { JsonPath } from '../util/json-path';
import { Artifact } from '../marathon/model/common';
import { isCredential } from './credentials';
import { Container } from './kube';
import { SANDBOX } from './sandbox';
import { SANDBOX_MOUNT } from './sandbox';
import { DefinitionScope } from './scope';
import { shellQuote } from './shell';

const EXTRACT: readonly [string, (file: string) => string][] = [
  ['.tar.gz', (f) => `tar -xzf ${f}`],
  ['.tgz', (f) => `tar -xzf ${f}`],
  ['.tar.bz2', (f) => `tar -xjf ${f}`],
  ['.tbz2', (f) => `tar -xjf ${f}`],
  ['.tar.xz', (f) => `tar -xJf ${f}`],
  ['.txz', (f) => `tar -xJf ${f}`],
  ['.tar', (f) => `tar -xf ${f}`],
  ['.zip', (f) => `unzip -o -q ${f}`],
  ['.gz', (f) => `gunzip -c ${f} > ${stripped(f, '.gz')}`],
  ['.bz2', (f) => `bunzip2 -c ${f} > ${stripped(f, '.bz2')}`],
  ['.xz', (f) => `unxz -c ${f} > ${stripped(f, '.xz')}`],
];

function stripped(quotedFile: string, extension: string): string {
  return quotedFile.replace(new RegExp(`${extension.replace('.', '\\.')}'$`), "'");
}

/**
 * Mesos fetched `fetch` / `uris` into the sandbox before the task started: an init container does the same in the
 * shared sandbox volume, extracting archives by extension and setting the executable bit.
 */
export function fetchInitContainer(
  scope: DefinitionScope,
  artifacts: readonly Artifact[],
  at: JsonPath,
  name = 'fetch',
): Container | undefined {
  const { notes, credentials } = scope;
  const lines = ['set -eu', `cd ${SANDBOX}`];
  artifacts.forEach((artifact, i) => {
    const path = [...at, i];
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(artifact.uri)?.[1]?.toLowerCase();
    if (scheme !== 'http' && scheme !== 'https') {
      notes.unsupported(
        path,
        `${scheme ?? 'a local path'} URIs need the Mesos fetcher's plugins (HDFS, S3, agent files); publish ${artifact.uri} over HTTP(S) or bake it into the image`,
      );
      return;
    }
    const file = artifact.destPath ?? (uriFileName(artifact.uri) || `artifact-${i}`);
    const quoted = shellQuote(file);
    if (file.includes('/')) {
      lines.push(`mkdir -p ${shellQuote(file.slice(0, file.lastIndexOf('/')))}`);
    }
    const secretUri = isCredential(artifact.uri);
    if (secretUri) {
      // The URI carries a credential: the script reads it from the environment, the value stays in the Secret.
      const variable = `FETCH_URI_${i}`;
      credentials.addEnv(name, variable, [...path, 'uri']);
      lines.push(`wget -q -O ${quoted} "$${variable}"`);
    } else {
      lines.push(`wget -q -O ${quoted} ${shellQuote(artifact.uri)}`);
    }
    const extractor = artifact.extract
      ? EXTRACT.find(([extension]) => file.toLowerCase().endsWith(extension))
      : undefined;
    if (extractor) {
      lines.push(extractor[1](quoted));
    }
    if (artifact.executable) {
      lines.push(`chmod +x ${quoted}`);
    }
    const downloaded = `downloaded by the ${name} init container into ${SANDBOX}/${file}`;
    if (secretUri) {
      notes.approximated(
        [...path, 'uri'],
        `${downloaded}; the URI ${credentials.noteFor([...path, 'uri'], `the script reads it as $FETCH_URI_${i}`)}`,
      );
    } else {
      notes.translated([...path, 'uri'], downloaded);
    }
    notes.translated(
      [...path, 'extract'],
      extractor
        ? `extracted (${extractor[0]})`
        : artifact.extract
          ? 'not an archive Mesos would extract'
          : 'kept as downloaded',
    );
    notes.translated([...path, 'executable'], artifact.executable ? 'chmod +x' : 'not executable');
    notes[artifact.cache ? 'approximated' : 'translated'](
      [...path, 'cache'],
      artifact.cache ? 'no fetcher cache: downloaded at every pod start' : 'not cached',
    );
    if (artifact.destPath !== undefined) {
      notes.translated([...path, 'destPath'], `saved as ${file}`);
    }
  });
  if (lines.length === 2) {
    return undefined;
  }
  const env = credentials.envFor(name);
  return {
    name,
    image: scope.options.fetchImage,
    imagePullPolicy: 'IfNotPresent',
    command: ['/bin/sh', '-c', lines.join('\n')],
    ...(env.length > 0 ? { env } : {}),
    volumeMounts: [SANDBOX_MOUNT],
  };
}

/** The last path segment of a URI, as the Mesos fetcher names the downloaded file. */
function uriFileName(uri: string): string {
  try {
    return decodeURIComponent(new URL(uri).pathname.split('/').pop() ?? '');
  } catch {
    return uri.split(/[?#]/)[0].split('/').pop() ?? '';
  }
}
