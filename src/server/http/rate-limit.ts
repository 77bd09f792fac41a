import type { FastifyRequest } from "fastify";
import { AppError } from "../errors.js";

/**
 * A fixed-window counter per client address and bucket, in this process. Enough to blunt guessing and
 * form spam on the public endpoints; several instances each count on their own.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  hit(request: FastifyRequest, bucket: string, limit: number, windowMs: number): void {
    const key = `${bucket}:${request.ip}`;
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      if (this.windows.size > 50_000) this.sweep(now);
      window = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, window);
    }
    window.count += 1;
    if (window.count > limit) {
      const seconds = Math.ceil((window.resetAt - now) / 1000);
      throw new AppError("rate_limited", 429, `too many requests; try again in ${seconds} seconds`, {
        retryAfterSeconds: seconds,
      });
    }
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
  }
}
