package dev.usersdk.internal;

import dev.usersdk.UserSdkException;
import dev.usersdk.observe.Observer;
import dev.usersdk.observe.Operation;
import java.util.function.Function;
import java.util.function.Supplier;

/** Runs an API call and tells the observer how it ended and how long it took. */
public final class Observing {
  private Observing() {}

  /** Runs {@code call}; {@code outcome} names a success ({@code "ok"}, {@code "replayed"}...). */
  public static <T> T observe(
      Observer observer, Operation operation, Supplier<T> call, Function<T, String> outcome) {
    if (observer == Observer.none()) {
      return call.get(); // nothing observes: not even the clock is read
    }
    long start = System.nanoTime();
    T result;
    try {
      result = call.get();
    } catch (RuntimeException | Error e) {
      observer.finished(operation, outcomeOf(e), System.nanoTime() - start);
      throw e;
    }
    observer.finished(operation, outcome.apply(result), System.nanoTime() - start);
    return result;
  }

  /** Runs {@code call}, a success being {@code "ok"}. */
  public static <T> T observe(Observer observer, Operation operation, Supplier<T> call) {
    return observe(observer, operation, call, result -> "ok");
  }

  /** Runs {@code call}, which answers nothing, a success being {@code "ok"}. */
  public static void observe(Observer observer, Operation operation, Runnable call) {
    observe(
        observer,
        operation,
        () -> {
          call.run();
          return Boolean.TRUE;
        });
  }

  private static String outcomeOf(Throwable failure) {
    return failure instanceof UserSdkException known ? known.code() : "error";
  }
}
