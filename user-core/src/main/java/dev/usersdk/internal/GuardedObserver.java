package dev.usersdk.internal;

import dev.usersdk.observe.Observer;
import dev.usersdk.observe.Operation;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's observer, kept from harming the calls it observes: what it throws is logged (the first
 * time as a warning) and swallowed, so a broken metrics system never turns a committed write into a
 * failure its caller would retry, nor ends a relay pass.
 */
public final class GuardedObserver implements Observer {
  private static final Logger log = LoggerFactory.getLogger(GuardedObserver.class);

  private final Observer observer;
  private final AtomicBoolean warned = new AtomicBoolean();

  private GuardedObserver(Observer observer) {
    this.observer = observer;
  }

  /** {@code observer} guarded; {@link Observer#none()} as it is. */
  public static Observer guard(Observer observer) {
    return observer == Observer.none() || observer instanceof GuardedObserver
        ? observer
        : new GuardedObserver(observer);
  }

  @Override
  public void finished(Operation operation, String outcome, long nanos) {
    try {
      observer.finished(operation, outcome, nanos);
    } catch (RuntimeException e) {
      failed(e);
    }
  }

  @Override
  public void lockedOut() {
    try {
      observer.lockedOut();
    } catch (RuntimeException e) {
      failed(e);
    }
  }

  @Override
  public void storeRetried(String cause) {
    try {
      observer.storeRetried(cause);
    } catch (RuntimeException e) {
      failed(e);
    }
  }

  @Override
  public void keySetFetched(String issuer, boolean succeeded) {
    try {
      observer.keySetFetched(issuer, succeeded);
    } catch (RuntimeException e) {
      failed(e);
    }
  }

  @Override
  public void delivered(String subscription, boolean succeeded, Duration lag) {
    try {
      observer.delivered(subscription, succeeded, lag);
    } catch (RuntimeException e) {
      failed(e);
    }
  }

  private void failed(RuntimeException e) {
    if (warned.compareAndSet(false, true)) {
      log.warn("the observer {} failed; its failures are ignored (logged at debug)", observer, e);
    } else {
      log.debug("the observer {} failed", observer, e);
    }
  }
}
