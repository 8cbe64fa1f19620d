package dev.usersdk.internal;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;

/**
 * Time-ordered UUIDs (RFC 9562, version 7): 48 bits of Unix milliseconds, a 12-bit counter, then 62
 * random bits. New ids land at the end of a B-tree index instead of on random pages, and ids from
 * one generator are strictly increasing even within one millisecond (the RFC's "fixed-length
 * dedicated counter" method), so listings by id are in creation order. Thread-safe. Not API.
 *
 * <p>The random bits are drawn from the source 64 values at a time: a {@link
 * java.security.SecureRandom} asks the kernel on every call, and a coalesced batch of ledger
 * entries takes one id per entry on the one thread every caller of the batch waits for.
 */
public final class UuidV7 {
  private static final int COUNTER_BITS = 12;
  private static final int COUNTER_MAX = (1 << COUNTER_BITS) - 1;

  private static final int POOLED = 64;

  private final Random random;
  private final long[] pool = new long[POOLED];
  private int drawn = POOLED;
  private long lastMillis = Long.MIN_VALUE;
  private int counter;

  public UuidV7(Random random) {
    this.random = Objects.requireNonNull(random, "random");
  }

  public synchronized UUID next(Instant now) {
    long millis = now.toEpochMilli();
    if (millis > lastMillis) {
      lastMillis = millis;
      // Start low in the counter's range so a burst within one millisecond rarely overflows it.
      counter = (int) (nextRandom() >>> (Long.SIZE - COUNTER_BITS + 1));
    } else if (counter < COUNTER_MAX) {
      counter++; // same (or an earlier, if the clock stepped back) millisecond: keep increasing
    } else {
      lastMillis++; // counter exhausted: borrow the next millisecond rather than repeat an id
      counter = 0;
    }
    long msb = (lastMillis << 16) | (0x7L << 12) | counter;
    long lsb = (nextRandom() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(msb, lsb);
  }

  private long nextRandom() {
    if (drawn == POOLED) {
      byte[] bytes = new byte[POOLED * Long.BYTES];
      random.nextBytes(bytes);
      ByteBuffer.wrap(bytes).asLongBuffer().get(pool);
      drawn = 0;
    }
    return pool[drawn++];
  }
}
