import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * Canonical JSON: object keys sorted, undefined dropped, so equal values give equal bytes.
 * Used for the compiled flow's hash and to make the compiled machine byte-for-byte stable.
 */
export function canonicalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalize);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = canonicalize(v);
    }
    return out;
  }
  return value;
}

export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonicalize(value));
}

type NodeCrypto = { createHash(alg: 'sha256'): { update(s: string, enc: 'utf8'): { digest(enc: 'hex'): string } } };

/**
 * Node's own crypto when this runs in Node (looked up at run time, so bundles for the browser do
 * not try to include it): under tsx the ESM-only @noble/hashes is converted to CommonJS and hashes
 * a 1,000-node flow 30x slower. Same algorithm, so the browser (noble) and the server agree.
 */
const nodeCrypto: NodeCrypto | undefined = (() => {
  try {
    const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
    const mod = typeof proc?.getBuiltinModule === 'function' ? (proc.getBuiltinModule('node:crypto') as Partial<NodeCrypto> | undefined) : undefined;
    return typeof mod?.createHash === 'function' ? (mod as NodeCrypto) : undefined;
  } catch {
    return undefined;
  }
})();

/** SHA-256 in hex of the UTF-8 text: identical in the browser (@noble/hashes) and in Node. */
export function sha256Hex(text: string): string {
  if (nodeCrypto) return nodeCrypto.createHash('sha256').update(text, 'utf8').digest('hex');
  return sha256HexPortable(text);
}

/** The pure-JS path, used in the browser (exported so tests can check both paths agree). */
export function sha256HexPortable(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}
