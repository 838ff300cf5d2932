// Which IP addresses an outbound HTTP call may reach. A partner URL is data that flows and
// operators edit, so without this check a webhook could be aimed at the metadata service
// (169.254.169.254), the database on loopback or the operator's internal network (SSRF).
// Ranges follow the IANA special-purpose registries (RFC 6890 and successors). IPv6 forms that
// embed an IPv4 address (mapped, NAT64, 6to4) are judged by the embedded address.
import { isIP } from 'node:net';

interface Range {
  bytes: number[];
  prefix: number;
  reason: string;
}

const v4 = (cidr: string, reason: string): Range => {
  const [addr, prefix] = cidr.split('/');
  return { bytes: parseV4(addr!)!, prefix: Number(prefix), reason };
};
const v6 = (cidr: string, reason: string): Range => {
  const [addr, prefix] = cidr.split('/');
  return { bytes: parseV6(addr!)!, prefix: Number(prefix), reason };
};

const V4_BLOCKED: Range[] = [
  v4('0.0.0.0/8', 'unspecified'),
  v4('10.0.0.0/8', 'private'),
  v4('100.64.0.0/10', 'carrier-grade NAT'),
  v4('127.0.0.0/8', 'loopback'),
  v4('169.254.0.0/16', 'link-local'),
  v4('172.16.0.0/12', 'private'),
  v4('192.0.0.0/24', 'reserved'),
  v4('192.0.2.0/24', 'documentation'),
  v4('192.88.99.0/24', 'reserved'),
  v4('192.168.0.0/16', 'private'),
  v4('198.18.0.0/15', 'reserved'),
  v4('198.51.100.0/24', 'documentation'),
  v4('203.0.113.0/24', 'documentation'),
  v4('224.0.0.0/4', 'multicast'),
  v4('240.0.0.0/4', 'reserved'),
];

/** IPv6 ranges that carry an IPv4 address in the given bytes: judged by that address. */
const V6_EMBEDDING: { range: Range; at: number }[] = [
  { range: v6('::ffff:0:0/96', 'IPv4-mapped'), at: 12 },
  { range: v6('64:ff9b::/96', 'NAT64'), at: 12 },
  { range: v6('2002::/16', '6to4'), at: 2 },
];

const V6_BLOCKED: Range[] = [
  v6('::/128', 'unspecified'),
  v6('::1/128', 'loopback'),
  v6('::/96', 'IPv4-compatible (deprecated)'),
  v6('64:ff9b:1::/48', 'private'),
  v6('100::/64', 'reserved'),
  v6('2001::/32', 'Teredo'),
  v6('2001:db8::/32', 'documentation'),
  v6('fc00::/7', 'private'),
  v6('fe80::/10', 'link-local'),
  v6('fec0::/10', 'private'),
  v6('ff00::/8', 'multicast'),
];

/**
 * Why `address` (an IP literal) must not be contacted, e.g. `loopback`, or null if it is a
 * public address. Anything that is not an IP literal is refused as `not an IP address`.
 */
export function blockedAddressReason(address: string): string | null {
  const bare = stripBrackets(address);
  const family = isIP(bare);
  if (family === 4) return v4Reason(parseV4(bare)!);
  if (family === 6) {
    const bytes = parseV6(bare);
    if (!bytes) return 'not an IP address';
    // A zone id (fe80::1%eth0) only makes sense on a local link.
    if (bare.includes('%')) return 'link-local';
    for (const { range, at } of V6_EMBEDDING) {
      if (inRange(bytes, range)) {
        const inner = v4Reason(bytes.slice(at, at + 4));
        return inner ? `${inner} (${range.reason})` : null;
      }
    }
    return V6_BLOCKED.find((r) => inRange(bytes, r))?.reason ?? null;
  }
  return 'not an IP address';
}

function v4Reason(bytes: number[]): string | null {
  return V4_BLOCKED.find((r) => inRange(bytes, r))?.reason ?? null;
}

export function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

function inRange(bytes: number[], range: Range): boolean {
  if (bytes.length !== range.bytes.length) return false;
  let bits = range.prefix;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((bytes[i]! & mask) !== (range.bytes[i]! & mask)) return false;
  }
  return true;
}

function parseV4(s: string): number[] | null {
  const parts = s.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return null;
  return parts.map(Number);
}

/** 16 bytes of an IPv6 literal (zone id ignored, embedded dotted quad allowed), or null. */
function parseV6(input: string): number[] | null {
  let s = input.split('%')[0]!;
  const lastColon = s.lastIndexOf(':');
  const tail = s.slice(lastColon + 1);
  if (tail.includes('.')) {
    const q = parseV4(tail);
    if (!q) return null;
    s = `${s.slice(0, lastColon + 1)}${((q[0]! << 8) | q[1]!).toString(16)}:${((q[2]! << 8) | q[3]!).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const rest = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  const bytes: number[] = [];
  for (const g of groups) {
    if (!/^[0-9a-f]{1,4}$/i.test(g)) return null;
    const n = parseInt(g, 16);
    bytes.push(n >> 8, n & 0xff);
  }
  return bytes;
}
