package dev.usersdk.bench;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the benchmarks named by the first argument (a regular expression, default {@code LedgerBench};
 * further {@code name=value[,value]} arguments narrow the parameters)
 * in one JMH run and prints, per parameter set, each benchmark's score as a ratio to the
 * {@code usersdk} one: measured side by side, on the same machine, in the same run.
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) throws RunnerException {
    String include = args.length > 0 ? args[0] : "LedgerBench";
    OptionsBuilder builder = new OptionsBuilder();
    builder.include(include);
    // Further arguments narrow parameters, e.g. "accounts=1" "database=postgresql,mariadb", or
    // lengthen the run: "iterations=5" (measurement iterations), "seconds=10" (per iteration).
    for (int i = 1; i < args.length; i++) {
      String[] param = args[i].split("=", 2);
      if (param[0].equals("iterations")) {
        builder.measurementIterations(Integer.parseInt(param[1]));
      } else if (param[0].equals("seconds")) {
        builder.measurementTime(org.openjdk.jmh.runner.options.TimeValue.seconds(Integer.parseInt(param[1])));
      } else {
        builder.param(param[0], param[1].split(","));
      }
    }
    Options options = builder.build();
    Collection<RunResult> results = new Runner(options).run();

    // params -> benchmark -> score
    Map<String, Map<String, Double>> scores = new TreeMap<>();
    for (RunResult result : results) {
      var params = result.getParams();
      String name = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
      String group = params.getBenchmark().substring(0, params.getBenchmark().lastIndexOf('.'));
      StringBuilder key = new StringBuilder(group.substring(group.lastIndexOf('.') + 1));
      for (String param : params.getParamsKeys()) {
        key.append(' ').append(param).append('=').append(params.getParam(param));
      }
      scores.computeIfAbsent(key.toString(), k -> new TreeMap<>())
          .put(name, result.getPrimaryResult().getScore());
    }
    System.out.println();
    System.out.println("Ratios (usersdk score / other score; throughput: > 1 means usersdk is faster)");
    for (var entry : scores.entrySet()) {
      Map<String, Double> byName = entry.getValue();
      Double ours = byName.get("usersdk");
      StringBuilder line = new StringBuilder(String.format("%-48s", entry.getKey()));
      for (var other : byName.entrySet()) {
        line.append(String.format("  %s=%.0f", other.getKey(), other.getValue()));
      }
      if (ours != null) {
        for (var other : byName.entrySet()) {
          if (!other.getKey().equals("usersdk")) {
            line.append(String.format("  usersdk/%s=%.2fx", other.getKey(), ours / other.getValue()));
          }
        }
      }
      System.out.println(line);
    }
  }
}
