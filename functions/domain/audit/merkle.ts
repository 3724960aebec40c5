/**
 * A binary Merkle tree over SHA-256 (leaves and nodes domain-separated, RFC 6962 style: `0x00`
 * and `0x01` prefixes, so a leaf can never pass for a node). The daily seal is its root.
 */
import { sha256Hex } from '../orders/sha256.ts';

export const EMPTY_ROOT = sha256Hex('');

export function leafHash(content: string): string {
  return sha256Hex(`\u0000${content}`);
}

function nodeHash(left: string, right: string): string {
  return sha256Hex(`\u0001${left}${right}`);
}

/** Root over leaf hashes in the given order; an odd node is carried up unchanged (RFC 6962 split). */
export function merkleRoot(leaves: readonly string[]): string {
  if (leaves.length === 0) return EMPTY_ROOT;
  if (leaves.length === 1) return leaves[0]!;
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeHash(merkleRoot(leaves.slice(0, k)), merkleRoot(leaves.slice(k)));
}
