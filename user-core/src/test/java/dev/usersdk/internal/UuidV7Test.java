package dev.usersdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The id generator under callers racing it (ordering of single callers: UserIdTest). */
class UuidV7Test {
  @Test
  void callersRacingWithinOneMillisecondTakeEveryCounterValueOnceEachInIncreasingOrder() throws Exception {
    UuidV7 generator = new UuidV7(new SecureRandom());
    Instant now = Instant.ofEpochMilli(1_767_225_600_000L);
    int callers = 8;
    int each = 20_000; // many times the 4,096 values of one millisecond's counter
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(callers);
    List<Future<List<UUID>>> drawn = new ArrayList<>();
    for (int t = 0; t < callers; t++) {
      drawn.add(threads.submit(() -> {
        start.await();
        List<UUID> mine = new ArrayList<>(each);
        for (int i = 0; i < each; i++) {
          mine.add(generator.next(now));
        }
        return mine;
      }));
    }
    start.countDown();
    Set<Long> taken = new HashSet<>();
    for (Future<List<UUID>> future : drawn) {
      List<UUID> mine = future.get(60, TimeUnit.SECONDS);
      for (int i = 1; i < mine.size(); i++) {
        assertThat(timeAndCounter(mine.get(i))).as("one caller's ids increase").isGreaterThan(timeAndCounter(mine.get(i - 1)));
      }
      mine.forEach(id -> taken.add(timeAndCounter(id)));
      assertThat(mine).allSatisfy(id -> assertThat(id.version()).isEqualTo(7));
    }
    threads.shutdown();
    assertThat(taken).as("no time and counter given twice").hasSize(callers * each);
    long first = taken.stream().mapToLong(Long::longValue).min().orElseThrow();
    long lastTaken = taken.stream().mapToLong(Long::longValue).max().orElseThrow();
    assertThat(lastTaken - first + 1).as("none skipped: each id took the next value").isEqualTo(callers * each);
    assertThat(first >>> 12).as("the first starts in the caller's millisecond").isEqualTo(now.toEpochMilli());
  }

  /** The id's 48-bit milliseconds and 12-bit counter as one number, in the order ids sort. */
  private static long timeAndCounter(UUID id) {
    long msb = id.getMostSignificantBits();
    return ((msb >>> 16) << 12) | (msb & 0xFFF);
  }
}
