package dev.usersdk.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** An audit entry's details survive their column: every character, empty values, odd pairs. */
class AuditDetailsEncodingTest {

  @Test
  void detailsReadBackAsWritten() {
    Map<String, String> details = Map.of("reason", "a&b=c%d+e f 返金 😀", "empty", "", "k=ey&", "v");
    assertThat(JdbcAuditStore.decode(JdbcAuditStore.encode(details))).isEqualTo(details);
    assertThat(JdbcAuditStore.decode(JdbcAuditStore.encode(Map.of()))).isEmpty();
  }

  @Test
  void aKeyWithoutAValueReadsAsEmptyInsteadOfFailingThePage() {
    assertThat(JdbcAuditStore.decode("alone&delta=-2.00")).isEqualTo(Map.of("alone", "", "delta", "-2.00"));
  }
}
