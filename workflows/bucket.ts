import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * A customer's stable bucket 0..99 for a node: the first 32 bits of sha256(customerId + ':' +
 * nodeId) modulo 100. Random-looking across customers, identical in the simulator and the
 * runtime, and stable across versions of the flow (the node id is the salt, not the flow hash),
 * so a customer stays in the same A/B branch or hold-out group when the flow is republished.
 */
export function bucketOf(customerId: string, nodeId: string): number {
  const h = sha256(utf8ToBytes(`${customerId}:${nodeId}`));
  const n = ((h[0] << 24) | (h[1] << 16) | (h[2] << 8) | h[3]) >>> 0;
  return n % 100;
}
