/**
 * How the S3 emulator (s3rver's filesystem store) turns an object key into a path under its data
 * folder, and back. s3rver uses the key as the path: a key segment longer than a file name may be
 * (255 bytes; S3 allows 1,024-byte keys) fails with ENAMETOOLONG, and `..` segments write outside
 * the data folder. This encoding keeps every key legal on S3 storable, and confined:
 *
 * - `%` is written `%25`, so the escapes below are unambiguous;
 * - a folder segment that is empty, `.` or `..` is written `%_`, `%2E`, `%2E%2E` (never a path
 *   step; a leading empty segment, as in `/x`, is left to `path.join`, which drops it);
 * - a segment longer than {@link MAX_NAME_BYTES} bytes is cut into pieces of at most that many
 *   bytes, each but the last ending in `%+` ("continues in the next folder"), never inside an
 *   escape or a character — so the pieces of a key prefix are the pieces of the key, and s3rver's
 *   prefix filter on paths still works.
 *
 * s3rver also encodes a ListObjects delimiter with this function to prune folders; the pipeline
 * lists without a delimiter, and with one a key with a long segment may be missed.
 *
 * Keys without `%`, dot segments, empty segments or long segments map to the same path as before,
 * so a data folder written earlier reads the same.
 */

/** Longest piece of a segment, in bytes: leaves room for `%+` and s3rver's `._S3rver_metadata.json` within 255. */
export const MAX_NAME_BYTES = 200;

const CONTINUES = '%+';

function encodeSegment(segment: string, last: boolean): string {
  // The last segment gets s3rver's suffix (`<name>._S3rver_object`): never a path step, and left
  // as is so that a listing prefix ending inside a segment still matches its keys' paths.
  if (!last && segment === '') return '%_';
  if (!last && segment === '.') return '%2E';
  if (!last && segment === '..') return '%2E%2E';
  const escaped = segment.replaceAll('%', '%25');
  if (Buffer.byteLength(escaped) <= MAX_NAME_BYTES) return escaped;
  const pieces: string[] = [];
  let piece = '';
  let bytes = 0;
  // Units that must not be split: an escape `%25`, or one character (a surrogate pair included).
  for (const unit of escaped.match(/%25|[\s\S]/gu) ?? []) {
    const size = Buffer.byteLength(unit);
    if (bytes + size > MAX_NAME_BYTES) {
      pieces.push(piece + CONTINUES);
      piece = '';
      bytes = 0;
    }
    piece += unit;
    bytes += size;
  }
  pieces.push(piece);
  return pieces.join('/');
}

/** The path (relative to the bucket folder, `/`-separated) of an object key. */
export function encodeKeyPath(key: string): string {
  const segments = key.split('/');
  return segments.map((segment, i) => encodeSegment(segment, i === segments.length - 1 || (i === 0 && segment === ''))).join('/');
}

/** The object key of a path {@link encodeKeyPath} made. */
export function decodeKeyPath(path: string): string {
  return path
    .split(`${CONTINUES}/`)
    .join('')
    .split('/')
    .map((segment) => (segment === '%_' ? '' : segment === '%2E' ? '.' : segment === '%2E%2E' ? '..' : segment.replaceAll('%25', '%')))
    .join('/');
}
