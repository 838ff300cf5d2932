// The address policy on its own: which IP literals an outbound call may reach.
import { describe, expect, it } from 'vitest';
import { blockedAddressReason } from '@/server/channels/webhook';

describe('blockedAddressReason', () => {
  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '93.184.216.34',
    '172.32.0.1', // just outside 172.16.0.0/12
    '100.128.0.1', // just outside 100.64.0.0/10
    '2606:4700:4700::1111',
    '2400:3200::1',
    '[2001:4860:4860::8888]',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
  ])('should allow the public address %s', (address) => {
    expect(blockedAddressReason(address)).toBeNull();
  });

  it.each([
    ['0.0.0.0', 'unspecified'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.0.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.255', 'carrier-grade NAT'],
    ['224.0.0.251', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['192.0.2.1', 'documentation'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback (IPv4-mapped)'],
    ['::ffff:7f00:1', 'loopback (IPv4-mapped)'],
    ['::FFFF:10.0.0.1', 'private (IPv4-mapped)'],
    ['::ffff:169.254.169.254', 'link-local (IPv4-mapped)'],
    ['64:ff9b::7f00:1', 'loopback (NAT64)'],
    ['2002:7f00:1::', 'loopback (6to4)'],
    ['::127.0.0.1', 'IPv4-compatible (deprecated)'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'documentation'],
    ['2001:0:4136:e378::1', 'Teredo'],
  ])('should refuse %s as %s', (address, reason) => {
    expect(blockedAddressReason(address)).toBe(reason);
  });

  it('should refuse anything that is not an IP literal', () => {
    expect(blockedAddressReason('localhost')).toBe('not an IP address');
    expect(blockedAddressReason('127.1')).toBe('not an IP address');
    expect(blockedAddressReason('')).toBe('not an IP address');
  });
});
