// Per-key rate limits: a token bucket per API key, held in memory in each process.
//
// Why in memory and not in the database: the limit guards the intake path, which takes
// thousands of events a second; a database bucket would add a locked row write to every
// request, and the hot keys would serialise on that row. In memory it costs nothing. The price:
// with N web processes a key may use up to N times its rate — size limits per process, or put
// the processes behind a balancer that pins a key to one process. Buckets start full.
import { processWide } from '../process-wide';

export interface BucketSpec {
  ratePerSecond: number;
  burst: number;
}

interface Bucket {
  tokens: number;
  at: number;
  spec: BucketSpec;
}

export class RateLimiter {
  private buckets = new Map<string, Bucket>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Takes one token for `key`: `{ ok: true }`, or how many seconds until one is there. */
  take(key: string, spec: BucketSpec): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const now = this.now();
    const rate = Math.max(spec.ratePerSecond, 0.001);
    const burst = Math.max(spec.burst, 1);
    let b = this.buckets.get(key);
    if (!b || b.spec.ratePerSecond !== spec.ratePerSecond || b.spec.burst !== spec.burst) {
      b = { tokens: burst, at: now, spec };
      this.buckets.set(key, b);
    }
    b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * rate);
    b.at = now;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - b.tokens) / rate)) };
  }

  /** Forgets a key's bucket (it was revoked or its limit changed). */
  forget(key: string): void {
    this.buckets.delete(key);
  }
}

/** The process's limiter (process-wide: Next may load this module more than once). */
export function processRateLimiter(): RateLimiter {
  return processWide('rate-limiter', () => new RateLimiter());
}
