// The one way Octoflow POSTs to a URL it did not write itself (partner webhooks, the app push
// gateway). The guard, in order: http/https only, no credentials in the URL, host on the
// allow-list, the name resolved once at send time, every answer checked against the address
// policy, and the connection made to the checked address (pinned: the socket never looks the
// name up again, so a DNS answer that changes between check and connect, "DNS rebinding",
// cannot redirect it). TLS still verifies the certificate against the host name (SNI).
// Redirects are never followed: a 3xx is a permanent failure. Outcomes map onto the outbox's
// retry policy: 2xx ok; 408, 429, 5xx, network errors and timeouts transient; the rest permanent.
import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import type { DeliveryResult } from '../types';
import { blockedAddressReason, stripBrackets } from './address-policy';

/** DNS for a host name: the addresses it resolves to (injectable for tests). */
export type Resolve = (hostname: string) => Promise<string[]>;

export interface GuardOptions {
  /** Host names (or IP literals) that may be contacted, matched exactly, case-insensitively. */
  allowHosts: string[];
  /** Skip the address policy. Local development only: it lets requests reach loopback and the LAN. */
  allowPrivate?: boolean;
  /** Whole-request deadline: DNS, connect, TLS, headers and response body. */
  timeoutMs: number;
  resolve?: Resolve;
  /** Extra trusted CA certificates (PEM), e.g. the operator's private CA. */
  ca?: string | Buffer | (string | Buffer)[];
  /** Who answers, for error messages: "partner", "push gateway". */
  label?: string;
}

export interface GuardedHttp {
  post(url: string, body: string, headers: Record<string, string>): Promise<DeliveryResult>;
}

const MAX_RESPONSE_BYTES = 1 << 20;
const SNIPPET_BYTES = 300;

export const systemResolve: Resolve = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

/** Normalises a host the way WHATWG URL does (case, IDN, IPv6 and odd IPv4 spellings). */
export function normaliseHost(host: string): string {
  const h = host.trim();
  const literal = isIP(stripBrackets(h)) === 6 ? `[${stripBrackets(h)}]` : h;
  try {
    return new URL(`http://${literal}/`).hostname;
  } catch {
    return h.toLowerCase();
  }
}

const permanent = (error: string): DeliveryResult => ({ ok: false, permanent: true, error });
const transient = (error: string): DeliveryResult => ({ ok: false, permanent: false, error });

export function createGuardedHttp(opts: GuardOptions): GuardedHttp {
  const allowed = new Set(opts.allowHosts.map(normaliseHost));
  const resolve = opts.resolve ?? systemResolve;
  const label = opts.label ?? 'server';
  // Keep-alive pools are keyed by the pinned address (and SNI name), so a reused socket always
  // goes to an address that passed the check.
  const agents = {
    http: new http.Agent({ keepAlive: true, maxSockets: 64, timeout: 30_000 }),
    https: new https.Agent({ keepAlive: true, maxSockets: 64, timeout: 30_000, ca: opts.ca }),
  };

  /** The address to connect to, or why there is none. */
  async function pin(url: URL): Promise<{ address: string } | { refused: DeliveryResult }> {
    const host = stripBrackets(url.hostname);
    let addresses: string[];
    if (isIP(host)) addresses = [host];
    else {
      try {
        addresses = await resolve(host);
      } catch (err) {
        return { refused: transient(`cannot resolve ${host}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`) };
      }
      if (addresses.length === 0) return { refused: transient(`cannot resolve ${host}: no addresses`) };
    }
    if (!opts.allowPrivate) {
      // One bad answer refuses the lot: a name that mixes public and internal addresses is
      // either misconfigured or an attack, and a retry must not pick the internal one.
      for (const address of addresses) {
        const reason = blockedAddressReason(address);
        if (reason) {
          const via = address === host ? '' : ` (${host} resolves to ${address})`;
          return { refused: permanent(`refused to contact a ${reason} address${via}: only public addresses are allowed`) };
        }
      }
    }
    return { address: addresses[0]! };
  }

  async function post(rawUrl: string, body: string, headers: Record<string, string>): Promise<DeliveryResult> {
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      return permanent('the URL is not valid');
    }
    const where = `${url.protocol}//${url.host}${url.pathname}`; // never the query: it may hold tokens
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return permanent(`refused ${url.protocol} URL: only http and https are allowed`);
    if (url.username || url.password) return permanent(`refused ${url.protocol}//${url.host}: credentials in the URL are not allowed`);
    if (!allowed.has(url.hostname)) return permanent(`refused ${url.hostname}: the host is not on the allow-list`);

    const deadline = AbortSignal.timeout(opts.timeoutMs);
    const pinned = await Promise.race([pin(url), aborted(deadline)]);
    if (pinned === 'timeout') return transient(`timed out after ${opts.timeoutMs} ms resolving ${url.hostname}`);
    if ('refused' in pinned) return pinned.refused;
    const host = stripBrackets(url.hostname);

    const agent = url.protocol === 'https:' ? agents.https : agents.http;
    const outcome = await send(url, pinned.address, isIP(host) ? undefined : host, body, headers, deadline, agent);
    if (outcome.kind === 'error') {
      return transient(deadline.aborted ? `timed out after ${opts.timeoutMs} ms: POST ${where}` : `POST ${where} failed: ${outcome.message}`);
    }
    const { status, location, snippet, requestId } = outcome;
    if (status >= 200 && status < 300) return requestId ? { ok: true, providerRef: requestId } : { ok: true };
    if (status >= 300 && status < 400) {
      const to = location ? ` to ${location.slice(0, 200)}` : '';
      return permanent(`${label} answered ${status} redirect${to}: redirects are not followed, update the URL`);
    }
    const said = `${label} answered ${status} to POST ${where}${snippet ? `: ${snippet}` : ''}`;
    return status === 408 || status === 429 || status >= 500 ? transient(said) : permanent(said);
  }

  return { post };
}

type Outcome =
  | { kind: 'response'; status: number; location?: string; snippet: string; requestId?: string }
  | { kind: 'error'; message: string };

function send(
  url: URL,
  address: string,
  servername: string | undefined,
  body: string,
  headers: Record<string, string>,
  signal: AbortSignal,
  agent: http.Agent,
): Promise<Outcome> {
  return new Promise((done) => {
    const client = url.protocol === 'https:' ? https : http;
    const req = client.request({
      host: address, // the checked address: no DNS lookup happens for an IP literal
      port: url.port || (url.protocol === 'https:' ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      method: 'POST',
      servername,
      agent,
      signal,
      headers: { ...headers, host: url.host, 'content-length': String(Buffer.byteLength(body)) },
    });
    req.on('error', (err: NodeJS.ErrnoException) => done({ kind: 'error', message: err.code ?? err.message }));
    req.on('response', (res) => {
      let head = Buffer.alloc(0);
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (head.length < SNIPPET_BYTES) head = Buffer.concat([head, chunk]).subarray(0, SNIPPET_BYTES);
        if (size > MAX_RESPONSE_BYTES) res.destroy();
      });
      const finish = () =>
        done({
          kind: 'response',
          status: res.statusCode ?? 0,
          location: header(res.headers.location),
          snippet: printable(head.toString('utf8')),
          requestId: header(res.headers['x-request-id'])?.slice(0, 200),
        });
      res.on('end', finish);
      res.on('close', finish); // also after destroy(): the status is known, the body is not needed
      res.on('error', () => undefined);
    });
    req.end(body);
  });
}

function header(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** The start of a response body, fit for one line of an error message. */
function printable(s: string): string {
  return s.replace(/\p{Cc}+/gu, ' ').trim().slice(0, 200);
}

function aborted(signal: AbortSignal): Promise<'timeout'> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve('timeout');
    else signal.addEventListener('abort', () => resolve('timeout'), { once: true });
  });
}
