package dev.usersdk.event;

import java.util.Objects;

/** An event a subscription gave up on after its last attempt, kept until redriven. */
public record DeadLetter(String subscription, long sequence, DeliveredEvent event) {
  public DeadLetter {
    Objects.requireNonNull(subscription, "subscription");
    Objects.requireNonNull(event, "event");
  }
}
