/**
 * Thrown when an outbound document cannot be written as valid X12: a mandatory element is
 * missing, an identifier is too long or contains a delimiter, a date is not a date, an SSCC-18
 * check digit is wrong. Our own outbound data must be right, so this is a permanent error for
 * the caller (record, alert, acknowledge), never a retry.
 */
export class InvalidDocumentError extends Error {
  override name = 'InvalidDocumentError';

  constructor(
    message: string,
    /** Element reference (`BAK04`, `MAN02`) or envelope field the problem is in, when known. */
    readonly ref?: string,
  ) {
    super(ref === undefined ? message : `${ref}: ${message}`);
  }
}
