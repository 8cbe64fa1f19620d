package dev.usersdk.bench;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * What the plain timed harnesses ({@link RelayThroughput}, {@link MirrorThroughput}) share: their
 * {@code name=value} settings, the webhook secret of their receivers, and a main that exits (a
 * failed run would otherwise be kept alive by its servers' threads).
 */
final class Harness {
  static final String WEBHOOK_SECRET =
      "whsec_"
          + Base64.getEncoder()
              .encodeToString("a-32-byte-webhook-signing-key!!!".getBytes(StandardCharsets.UTF_8));

  private Harness() {}

  interface Run {
    void run(Settings settings) throws Exception;
  }

  /** {@code name=value} arguments over defaults; an unknown name is refused. */
  static final class Settings {
    private final Map<String, String> values;

    Settings(String[] args, Map<String, String> defaults) {
      values = new HashMap<>(defaults);
      for (String arg : args) {
        String[] setting = arg.split("=", 2);
        if (setting.length != 2 || !values.containsKey(setting[0])) {
          throw new IllegalArgumentException("unknown setting " + arg + "; known: " + defaults);
        }
        values.put(setting[0], setting[1]);
      }
    }

    int number(String name) {
      return Integer.parseInt(values.get(name));
    }

    String text(String name) {
      return values.get(name);
    }
  }

  static void main(String[] args, Map<String, String> defaults, Run run) {
    try {
      run.run(new Settings(args, defaults));
      System.exit(0);
    } catch (Exception | Error e) {
      e.printStackTrace();
      System.exit(1);
    }
  }
}
