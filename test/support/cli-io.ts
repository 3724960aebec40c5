/** In-memory stdout/stderr for running CLI command functions in tests. */
import type { CliIo } from '#functions/cli/io.ts';

export function captureIo(): { io: CliIo; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    io: { stdout: { write: (t: string) => ((out += t), true) }, stderr: { write: (t: string) => ((err += t), true) } } as unknown as CliIo,
    out: () => out,
    err: () => err,
  };
}
