package dev.usersdk.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Prints a command's result — a map of fields, or a list of rows — as JSON ({@code --json}) or as
 * text for a person: aligned {@code field value} lines, or a table.
 */
final class Output {
  private Output() {}

  static void print(PrintStream out, boolean json, Object result) {
    if (json) {
      out.println(Json.write(result));
    } else if (result instanceof List<?> rows) {
      table(out, rows);
    } else if (result instanceof Map<?, ?> fields) {
      fields(out, fields);
    } else {
      out.println(result);
    }
    out.flush();
  }

  private static void fields(PrintStream out, Map<?, ?> fields) {
    int width = fields.keySet().stream().mapToInt(key -> key.toString().length()).max().orElse(0);
    fields.forEach(
        (key, value) -> {
          if (value instanceof List<?> rows) {
            out.println(key + ":");
            table(out, rows);
          } else {
            out.println(pad(key.toString(), width) + "  " + text(value));
          }
        });
  }

  private static void table(PrintStream out, List<?> rows) {
    if (rows.isEmpty()) {
      out.println("(none)");
      return;
    }
    if (!(rows.get(0) instanceof Map<?, ?> first)) {
      rows.forEach(row -> out.println(text(row)));
      return;
    }
    List<String> columns = new ArrayList<>();
    first.keySet().forEach(key -> columns.add(key.toString()));
    int[] widths = new int[columns.size()];
    for (int c = 0; c < columns.size(); c++) {
      widths[c] = columns.get(c).length();
      for (Object row : rows) {
        widths[c] = Math.max(widths[c], text(((Map<?, ?>) row).get(columns.get(c))).length());
      }
    }
    out.println(line(columns, widths));
    for (Object row : rows) {
      List<String> cells = new ArrayList<>();
      columns.forEach(column -> cells.add(text(((Map<?, ?>) row).get(column))));
      out.println(line(cells, widths));
    }
  }

  private static String line(List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < cells.size(); c++) {
      line.append(c == cells.size() - 1 ? cells.get(c) : pad(cells.get(c), widths[c]) + "  ");
    }
    return line.toString().stripTrailing();
  }

  private static String text(Object value) {
    if (value == null) {
      return "-";
    }
    String text =
        value instanceof Map<?, ?> || value instanceof List<?>
            ? Json.write(value)
            : value.toString();
    return printable(text);
  }

  /**
   * A name or a memo is user data: its control characters (a terminal's escape sequences, a line
   * break faking a row) are shown escaped, as in JSON, not sent to the terminal.
   */
  static String printable(String text) {
    StringBuilder shown = new StringBuilder(text.length());
    text.codePoints()
        .forEach(
            c -> {
              int type = Character.getType(c);
              // Control characters, and format ones (bidi overrides that reorder what is shown).
              if (type == Character.CONTROL || type == Character.FORMAT) {
                shown.append(String.format("\\u%04x", c));
              } else {
                shown.appendCodePoint(c);
              }
            });
    return shown.toString();
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(Math.max(0, width - text.length()));
  }
}
