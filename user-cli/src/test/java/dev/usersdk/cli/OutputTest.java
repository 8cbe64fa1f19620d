package dev.usersdk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How results look. The library refuses control characters in names and memos; the printer still
 * never sends one to a terminal (a row written around the library, a future field).
 */
class OutputTest {
  private static String print(boolean json, Object result) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Output.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), json, result);
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void controlCharactersAreShownEscapedInTextAndJson() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("name", "Eve\u001b[2J\nfake row");
    fields.put("note", "tab\there, José ✓");

    String text = print(false, fields);
    assertThat(text).doesNotContain("\u001b").doesNotContain("\t")
        .contains("Eve\\u001b[2J\\u000afake row").contains("José ✓");
    assertThat(text.lines()).hasSize(2);
    assertThat(print(true, fields)).isEqualTo("{\"name\":\"Eve\\u001b[2J\\nfake row\",\"note\":\"tab\\there, José ✓\"}\n");
  }

  @Test
  void rowsBecomeAnAlignedTableAndNothingIsNone() {
    Map<String, Object> ann = new LinkedHashMap<>();
    ann.put("email", "ann@example.com");
    ann.put("admin", false);
    Map<String, Object> bo = new LinkedHashMap<>();
    bo.put("email", "bo@example.com");
    bo.put("admin", null);

    assertThat(print(false, List.of(ann, bo))).isEqualTo(
        "email            admin\nann@example.com  false\nbo@example.com   -\n");
    assertThat(print(false, List.of())).isEqualTo("(none)\n");
    assertThat(print(true, List.of(bo))).isEqualTo("[{\"email\":\"bo@example.com\",\"admin\":null}]\n");
  }
}
