/**
 * How much one input may hold. A file, standard input or an HTTP response bigger than this is refused with an
 * error naming it, before it is read into memory: `/dev/zero` or a misconfigured server must not grow the process
 * until the machine swaps. A `/v2/groups` export of 10,000 apps with their status is ~100 MB; V8 cannot hold a
 * string over 512 MiB at all (ERR_STRING_TOO_LONG).
 */
export const DEFAULT_MAX_INPUT_BYTES = 256 * 1024 * 1024;

/** `256 MiB`, `1.5 KiB`, `12 bytes`: sizes in the words of an error message. */
export function describeBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} bytes` : `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`;
}
