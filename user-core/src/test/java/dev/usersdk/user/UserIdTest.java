package dev.usersdk.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usersdk.ValidationException;
import dev.usersdk.internal.UuidV7;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UserIdTest {
  @Test
  void parsesOnlyTheCanonicalForm() {
    UserId id = UserId.parse("0190f3a4-5b6c-7d8e-9f00-112233445566");
    assertThat(id.toString()).isEqualTo("0190f3a4-5b6c-7d8e-9f00-112233445566");
    assertThatThrownBy(() -> UserId.parse("1-2-3-4-5")).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> UserId.parse("not a uuid at all, but 36 chars long")).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> UserId.parse(null)).isInstanceOf(ValidationException.class);
  }

  @Test
  void ordersAsUnsignedNumbersLikeDatabasesDo() {
    UserId low = UserId.parse("7fffffff-ffff-7fff-bfff-ffffffffffff");
    UserId high = UserId.parse("80000000-0000-7000-8000-000000000000");
    assertThat(low.value().compareTo(high.value())).as("UUID.compareTo is signed").isPositive();
    assertThat(low.compareTo(high)).isNegative();
  }

  @Test
  void versionSevenIdsAreTimeOrderedAndWellFormed() {
    UuidV7 generator = new UuidV7(new Random(42));
    List<UserId> ids = new ArrayList<>();
    for (int ms = 0; ms < 1000; ms++) {
      ids.add(new UserId(generator.next(Instant.ofEpochMilli(1_767_225_600_000L + ms))));
    }
    assertThat(ids).isSorted();
    UUID one = ids.get(0).value();
    assertThat(one.version()).isEqualTo(7);
    assertThat(one.variant()).isEqualTo(2);
    assertThat(one.getMostSignificantBits() >>> 16).isEqualTo(1_767_225_600_000L);
  }

  @Test
  void increaseWithinOneMillisecondAndWhenTheClockStepsBack() {
    UuidV7 generator = new UuidV7(new Random(7));
    Instant now = Instant.ofEpochMilli(1_767_225_600_000L);
    List<UserId> ids = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) { // more than the 12-bit counter holds
      ids.add(new UserId(generator.next(now)));
    }
    ids.add(new UserId(generator.next(now.minusSeconds(1))));
    assertThat(ids).isSorted().doesNotHaveDuplicates();
    assertThat(ids.get(0).value().getMostSignificantBits() >>> 16).isEqualTo(now.toEpochMilli());
  }
}
