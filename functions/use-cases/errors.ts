/**
 * The two ways a use case declines, as typed errors its entries answer: a request the caller got
 * wrong (unknown order or line, a decision word it does not know: HTTP 400, exit 1), and an order
 * another writer changed first (HTTP 409, exit 1 "try again"; a queue stage retries the message).
 */

/** The caller got the request wrong; the message says what. */
export class RequestRefusedError extends Error {
  override name = 'RequestRefusedError';
}

/** Another writer changed the order (or record) first; the same request again will see its change. */
export class OrderConflictError extends Error {
  override name = 'OrderConflictError';
}
