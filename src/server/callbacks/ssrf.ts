// Where callbacks may go. Absolute callbacks reach only the configured hosts, and never an
// address on loopback, a private or link-local network, or a cloud metadata service, unless
// that host is explicitly allowed: checked on the addresses the name resolves to (the request
// then connects to exactly the address checked, so a second DNS answer cannot swap it) and
// again on every redirect. The operator's own base URL (for relative callbacks) is trusted.
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import type { CallbackConfig } from '../jobs/config.ts';

export class CallbackRefused extends Error {
  override name = 'CallbackRefused';
}

const BLOCKED = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  BLOCKED.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['fec0::', 10],
] as const)
  BLOCKED.addSubnet(net, bits, 'ipv6');

/** IPv4 written inside IPv6 (::ffff:a.b.c.d, ::a.b.c.d, NAT64 64:ff9b::a.b.c.d): judged as the IPv4 it carries. */
function embeddedIpv4(address: string): string | undefined {
  const m = /^(?:::ffff:|::|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (m) return m[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!hex) return undefined;
  const [a, b] = [parseInt(hex[1], 16), parseInt(hex[2], 16)];
  return `${a >> 8}.${a & 255}.${b >> 8}.${b & 255}`;
}

/** Loopback, private, link-local (cloud metadata lives at 169.254.169.254), multicast, reserved. */
export function isPrivateAddress(address: string): boolean {
  const v4 = isIP(address) === 4 ? address : embeddedIpv4(address);
  if (v4) return BLOCKED.check(v4, 'ipv4');
  if (isIP(address) === 6) return BLOCKED.check(address, 'ipv6');
  return true; // not an address at all: refuse
}

const hostOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
const portOf = (url: URL) => url.port || (url.protocol === 'https:' ? '443' : '80');

function hostAllowed(host: string, allowed: string[]): boolean {
  return allowed.some((pattern) => {
    const p = pattern.toLowerCase();
    if (p === '*') return true;
    if (p.startsWith('*.')) return host.endsWith(p.slice(1));
    return host === p;
  });
}

function privateAllowed(url: URL, config: CallbackConfig): boolean {
  const host = hostOf(url);
  return config.allowPrivate.some((entry) => entry.toLowerCase() === host || entry.toLowerCase() === `${host}:${portOf(url)}`);
}

export const isTrusted = (url: URL, config: CallbackConfig) => !!config.baseUrl && new URL(config.baseUrl).origin === url.origin;

/** What can be refused without DNS: the scheme, the host list, a literal private address. */
export function checkTarget(url: URL, config: CallbackConfig): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CallbackRefused(`callback ${url.href} is not http(s)`);
  if (url.username || url.password) throw new CallbackRefused('callback URLs may not carry credentials');
  if (isTrusted(url, config)) return;
  const host = hostOf(url);
  if (!hostAllowed(host, config.allowedHosts) && !privateAllowed(url, config)) {
    throw new CallbackRefused(
      config.allowedHosts.length
        ? `callback host ${host} is not among the allowed callback hosts (CLEANPLATE_CALLBACK_HOSTS)`
        : `absolute callbacks are off: no allowed callback hosts are configured (CLEANPLATE_CALLBACK_HOSTS); use a relative callback with CLEANPLATE_CALLBACK_BASE`,
    );
  }
  if (isIP(host) && isPrivateAddress(host) && !privateAllowed(url, config))
    throw new CallbackRefused(`callback ${host} is a loopback, private, link-local or reserved address`);
}

/** The address to connect to: the name's addresses, every one of them public (or the host explicitly allowed). */
export async function resolveTarget(url: URL, config: CallbackConfig): Promise<{ address: string; family: number }> {
  checkTarget(url, config);
  const host = hostOf(url);
  const family = isIP(host);
  const addresses = family ? [{ address: host, family }] : await lookup(host, { all: true, verbatim: true });
  if (!addresses.length) throw new Error(`callback host ${host} has no address`);
  if (!isTrusted(url, config) && !privateAllowed(url, config)) {
    const bad = addresses.find((a) => isPrivateAddress(a.address));
    if (bad)
      throw new CallbackRefused(`callback host ${host} resolves to ${bad.address}, a loopback, private, link-local or reserved address`);
  }
  return addresses[0];
}
