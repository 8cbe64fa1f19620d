package dev.usersdk.bench;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs one benchmark class (first argument, a simple class name in this package, default {@code
 * LedgerBench}) and prints, per parameter set, each benchmark's score and its ratio to the {@code
 * usersdk} one: measured side by side, on the same machine, in the same run.
 *
 * <p>Further arguments: {@code name=value[,value]} narrows a parameter; {@code iterations=N} and
 * {@code seconds=S} lengthen the measurement, {@code warmup=S} the warm-up; {@code only=a,b} runs
 * only the named benchmark methods; {@code threads=N} overrides the class's callers; {@code
 * mode=sample} measures each call's latency instead of throughput and adds its p50 and p99; {@code
 * rounds=R} (default 1) repeats the whole comparison R times, rotating the order of the benchmarks
 * in each round, and reports the median of the per-round ratios with their range (a group's
 * methods, which run at the same time, are scored each on its own, and a group of two is also
 * reported as the ratio of its halves); {@code profile=cpu} adds {@link CpuProfiler} and prints the
 * JVM's and the database's CPU time per operation (medians over the rounds); {@code profile=jfr}
 * records each forked JVM with Flight Recorder into {@code <tmpdir>/<class>-<method>-<round>.jfr}
 * for {@code jfr print}. On a small machine where the databases share the cores with the benchmark,
 * the databases' own drift (purge, vacuum, growing tables) is as large as the differences measured;
 * interleaving cancels it where back-to-back runs would attribute it to whichever benchmark ran
 * last.
 */
public final class BenchMain {
  private BenchMain() {}

  @SuppressWarnings("rawtypes") // JMH's RunResult hands out the raw Result
  public static void main(String[] args) throws RunnerException, ClassNotFoundException {
    String benchClass = args.length > 0 ? args[0] : "LedgerBench";
    Class<?> type = Class.forName(BenchMain.class.getPackageName() + "." + benchClass);
    List<String> methods = benchmarkMethods(type);
    Map<String, List<String>> groups = groups(type);
    int rounds = 1;
    String base = null;
    boolean cpu = false;
    boolean stack = false;
    boolean jfr = false;
    List<String[]> settings = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      String[] setting = args[i].split("=", 2);
      if (setting[0].equals("rounds")) {
        rounds = Integer.parseInt(setting[1]);
      } else if (setting[0].equals("profile") && setting[1].equals("cpu")) {
        cpu = true;
      } else if (setting[0].equals("profile") && setting[1].equals("stack")) {
        stack = true;
      } else if (setting[0].equals("profile") && setting[1].equals("jfr")) {
        jfr = true;
      } else if (setting[0].equals("base")) {
        base = setting[1];
      } else if (setting[0].equals("only")) {
        List<String> only = List.of(setting[1].split(","));
        methods = methods.stream().filter(only::contains).toList();
      } else {
        settings.add(setting);
      }
    }

    // params -> benchmark -> one score per round
    Map<String, Map<String, List<Double>>> scores = new TreeMap<>();
    // params + secondary label -> benchmark -> one value per round
    Map<String, Map<String, List<Double>>> secondary = new TreeMap<>();
    for (int round = 0; round < rounds; round++) {
      for (int m = 0; m < methods.size(); m++) {
        String method = methods.get((m + round) % methods.size());
        ChainedOptionsBuilder options =
            new OptionsBuilder()
                .include(BenchMain.class.getPackageName() + "." + benchClass + "." + method + "$");
        if (rounds > 1) { // short rounds: one warm-up and one measurement per round
          options.warmupIterations(1).measurementIterations(1);
        }
        if (cpu) {
          options.addProfiler(CpuProfiler.class);
        }
        if (stack) {
          options.addProfiler(org.openjdk.jmh.profile.StackProfiler.class, "lines=3;top=25");
        }
        if (jfr) { // the forked JVM records CPU samples: jfr print --events jdk.ExecutionSample
          options.jvmArgsAppend(
              "-XX:StartFlightRecording=settings=profile,filename="
                  + System.getProperty("java.io.tmpdir")
                  + "/"
                  + benchClass
                  + "-"
                  + method
                  + "-"
                  + round
                  + ".jfr");
        }
        for (String[] setting : settings) {
          switch (setting[0]) {
            case "iterations" -> options.measurementIterations(Integer.parseInt(setting[1]));
            case "seconds" ->
                options.measurementTime(TimeValue.seconds(Integer.parseInt(setting[1])));
            case "warmup" -> options.warmupTime(TimeValue.seconds(Integer.parseInt(setting[1])));
            case "threads" -> options.threads(Integer.parseInt(setting[1]));
            case "mode" -> {
              if (!setting[1].equals("sample")) {
                throw new IllegalArgumentException("mode=sample is the only other mode");
              }
              options.mode(Mode.SampleTime).timeUnit(TimeUnit.MICROSECONDS);
            }
            default -> options.param(setting[0], setting[1].split(","));
          }
        }
        for (RunResult result : new Runner(options.build()).run()) {
          String key = paramKey(benchClass, result);
          List<String> members = groups.getOrDefault(method, List.of());
          if (members.isEmpty()) {
            record(scores, secondary, key, method, result.getPrimaryResult(), result);
          }
          // A group's halves ran at the same time: each is scored as a benchmark of its own.
          members.forEach(
              member ->
                  record(
                      scores,
                      secondary,
                      key,
                      member,
                      result.getSecondaryResults().get(member),
                      result));
          result.getSecondaryResults().entrySet().stream()
              .filter( // a half's own score and percentiles are recorded above
                  labelled ->
                      members.stream()
                          .noneMatch(
                              member ->
                                  labelled.getKey().equals(member)
                                      || labelled.getKey().startsWith(member + ":")))
              .forEach(
                  labelled -> {
                    String label = labelled.getKey();
                    var value = labelled.getValue();
                    secondary
                        .computeIfAbsent(
                            paramKey(benchClass, result)
                                + " "
                                + label
                                + " ("
                                + value.getScoreUnit()
                                + ")",
                            k -> new TreeMap<>())
                        .computeIfAbsent(method, k -> new ArrayList<>())
                        .add(value.getScore());
                  });
        }
      }
    }
    // A group's halves are compared with each other (below), not with benchmarks run alone.
    Set<String> halves = groups.values().stream().flatMap(List::stream).collect(Collectors.toSet());
    printRatios(scores, rounds, "usersdk", halves);
    if (base != null) {
      printRatios(scores, rounds, base, halves);
    }
    groups.forEach(
        (group, members) -> {
          if (members.size() == 2) {
            printTogether(scores, secondary, members.get(0), members.get(1));
          }
        });
    if (!secondary.isEmpty()) {
      System.out.println();
      System.out.println("Secondary results (median over the rounds)");
      secondary.forEach(
          (key, byName) -> {
            StringBuilder line = new StringBuilder(key);
            byName.forEach(
                (name, values) -> line.append(String.format("  %s=%.1f", name, median(values))));
            System.out.println(line);
          });
    }
  }

  /** The class's benchmarks: its methods, a group's methods under the group's name once. */
  private static List<String> benchmarkMethods(Class<?> type) {
    return Arrays.stream(type.getMethods())
        .filter(method -> method.isAnnotationPresent(Benchmark.class))
        .map(
            method ->
                method.isAnnotationPresent(Group.class)
                    ? method.getAnnotation(Group.class).value()
                    : method.getName())
        .distinct()
        .sorted()
        .toList();
  }

  /** Each group's methods, by name. */
  private static Map<String, List<String>> groups(Class<?> type) {
    Map<String, List<String>> groups = new TreeMap<>();
    Arrays.stream(type.getMethods())
        .filter(method -> method.isAnnotationPresent(Group.class))
        .sorted(Comparator.comparing(Method::getName))
        .forEach(
            method ->
                groups
                    .computeIfAbsent(
                        method.getAnnotation(Group.class).value(), k -> new ArrayList<>())
                    .add(method.getName()));
    return groups;
  }

  /** One benchmark's score of this round, and in sample mode its p50 and p99. */
  private static void record(
      Map<String, Map<String, List<Double>>> scores,
      Map<String, Map<String, List<Double>>> secondary,
      String key,
      String name,
      Result<?> score,
      RunResult run) {
    if (score.getStatistics().getN() > 0 && run.getParams().getMode() == Mode.SampleTime) {
      for (double percentile : new double[] {50, 99}) {
        secondary
            .computeIfAbsent(key + " p" + (int) percentile + " (us)", k -> new TreeMap<>())
            .computeIfAbsent(name, k -> new ArrayList<>())
            .add(score.getStatistics().getPercentile(percentile));
      }
    }
    scores
        .computeIfAbsent(key, k -> new TreeMap<>())
        .computeIfAbsent(name, k -> new ArrayList<>())
        .add(score.getScore());
  }

  /**
   * The two halves of a group, which ran at the same time: per parameter set, the median [range] of
   * the per-round ratios first / second of the score and, in sample mode, of the p99.
   */
  private static void printTogether(
      Map<String, Map<String, List<Double>>> scores,
      Map<String, Map<String, List<Double>>> secondary,
      String first,
      String second) {
    if (scores.values().stream().noneMatch(s -> s.containsKey(first) && s.containsKey(second))) {
      return; // not run
    }
    System.out.println();
    System.out.printf("Halves run at the same time: %s / %s, per round%n", first, second);
    for (var entry : scores.entrySet()) {
      printRatio(entry.getKey() + " score", entry.getValue(), first, second);
      Map<String, List<Double>> tail = secondary.get(entry.getKey() + " p99 (us)");
      if (tail != null) {
        printRatio(entry.getKey() + " p99", tail, first, second);
      }
    }
  }

  private static void printRatio(
      String label, Map<String, List<Double>> byName, String first, String second) {
    List<Double> a = byName.get(first);
    List<Double> b = byName.get(second);
    if (a == null || b == null) {
      return;
    }
    List<Double> ratios = new ArrayList<>();
    for (int r = 0; r < Math.min(a.size(), b.size()); r++) {
      ratios.add(a.get(r) / b.get(r));
    }
    System.out.printf(
        "%-60s %.2fx [%.2f..%.2f] %s%n",
        label,
        median(ratios),
        Collections.min(ratios),
        Collections.max(ratios),
        ratios.stream().map(r -> String.format("%.2f", r)).toList());
  }

  private static String paramKey(String benchClass, RunResult result) {
    var params = result.getParams();
    StringBuilder key = new StringBuilder(benchClass);
    for (String param : params.getParamsKeys()) {
      key.append(' ').append(param).append('=').append(params.getParam(param));
    }
    return key.toString();
  }

  private static void printRatios(
      Map<String, Map<String, List<Double>>> scores, int rounds, String base, Set<String> halves) {
    System.out.println();
    System.out.printf(
        "Ratios (%s / other, %d round(s); throughput (ops/s): > 1 means %s is faster; average time:"
            + " < 1 means %s is faster; with rounds: median [min..max] of the per-round ratios)%n",
        base, rounds, base, base);
    for (var entry : scores.entrySet()) {
      Map<String, List<Double>> byName = entry.getValue();
      StringBuilder line = new StringBuilder(String.format("%-40s", entry.getKey()));
      for (var other : byName.entrySet()) {
        line.append(String.format("  %s=%.0f", other.getKey(), median(other.getValue())));
      }
      List<Double> ours = byName.get(base);
      if (ours != null) {
        for (var other : byName.entrySet()) {
          if (other.getKey().equals(base) || halves.contains(other.getKey())) {
            continue;
          }
          List<Double> ratios = new ArrayList<>();
          for (int r = 0; r < Math.min(ours.size(), other.getValue().size()); r++) {
            ratios.add(ours.get(r) / other.getValue().get(r));
          }
          line.append(String.format("  %s/%s=%.2fx", base, other.getKey(), median(ratios)));
          if (ratios.size() > 1) {
            line.append(
                String.format(
                    " [%.2f..%.2f]",
                    ratios.stream().mapToDouble(d -> d).min().orElseThrow(),
                    ratios.stream().mapToDouble(d -> d).max().orElseThrow()));
          }
        }
      }
      System.out.println(line);
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
