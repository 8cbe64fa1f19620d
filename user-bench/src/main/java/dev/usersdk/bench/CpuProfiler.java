package dev.usersdk.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * CPU time per operation, split into the benchmark's JVM ({@code cpu.jvm}) and the local database
 * server processes ({@code cpu.db}: every {@code postgres}, {@code mariadbd} and {@code mysqld}
 * process, read from {@code /proc}), in microseconds. On a machine where the JVM and the database
 * share two cores, throughput is bounded by their CPU per operation; this tells which side a
 * difference comes from. {@code -prof dev.usersdk.bench.CpuProfiler}, or {@code profile=cpu} with
 * {@link BenchMain}.
 *
 * <p>The database side's resolution is the kernel's clock tick (10 ms), so iterations of a few
 * seconds are needed.
 */
public final class CpuProfiler implements InternalProfiler {
  private static final Set<String> DATABASE_PROCESSES = Set.of("postgres", "mariadbd", "mysqld");
  private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ is 100 on Linux

  private long jvmStart;
  private long dbStart;

  @Override
  public String getDescription() {
    return "CPU time per operation of this JVM and of the local database server";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    jvmStart = jvmCpuNanos();
    dbStart = databaseCpuNanos();
  }

  @Override
  @SuppressWarnings("rawtypes") // JMH's InternalProfiler declares the raw Result
  public Collection<? extends Result> afterIteration(
      BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
    double ops = result.getMetadata().getAllOps();
    if (ops == 0) {
      return List.of();
    }
    double jvm = (jvmCpuNanos() - jvmStart) / 1_000.0 / ops;
    double db = (databaseCpuNanos() - dbStart) / 1_000.0 / ops;
    return List.of(
        new ScalarResult("cpu.jvm", jvm, "us/op", AggregationPolicy.AVG),
        new ScalarResult("cpu.db", db, "us/op", AggregationPolicy.AVG));
  }

  private static long jvmCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** utime + stime of the database processes, 0 where /proc cannot be read. */
  private static long databaseCpuNanos() {
    long ticks = 0;
    try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path process : processes) {
        ticks += databaseTicks(process);
      }
    } catch (IOException e) {
      return 0;
    }
    return ticks * NANOS_PER_TICK;
  }

  private static long databaseTicks(Path process) {
    String stat;
    try {
      stat = Files.readString(process.resolve("stat"));
    } catch (IOException | RuntimeException e) {
      return 0; // the process ended while we looked
    }
    // pid (comm) state ppid ... : comm may contain spaces, so split after its closing parenthesis.
    int open = stat.indexOf('(');
    int close = stat.lastIndexOf(')');
    if (open < 0 || close < open || !DATABASE_PROCESSES.contains(stat.substring(open + 1, close))) {
      return 0;
    }
    String[] fields = stat.substring(close + 2).split(" ", -1);
    // fields[0] is the state (field 3 of stat); utime, stime are fields 14 and 15, and cutime,
    // cstime
    // (16, 17) what the process's ended children used: PostgreSQL's postmaster reaps its backends
    // and autovacuum workers, so their time stays in the sum after they exit.
    long total = 0;
    for (int field = 11; field <= 14; field++) {
      total += Long.parseLong(fields[field]);
    }
    return total;
  }
}
