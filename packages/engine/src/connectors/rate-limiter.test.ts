import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limiter.js';

describe('RateLimiter', () => {
  it('allows at most a second of rows at once, then refills with time', async () => {
    const limiter = new RateLimiter(1000);
    expect(limiter.allowance(5000)).toBe(1000);
    limiter.spend(1000);
    expect(limiter.allowance(5000)).toBeLessThan(50);
    await new Promise((r) => setTimeout(r, 120));
    const refilled = limiter.allowance(5000);
    expect(refilled).toBeGreaterThanOrEqual(100);
    expect(refilled).toBeLessThan(400);
  });

  it('is unlimited without rate_limit', () => {
    expect(RateLimiter.fromOptions({}).allowance(123_456)).toBe(123_456);
  });
});
