package dev.usersdk.ledger;

import dev.usersdk.ValidationException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Pattern;

/**
 * An exact amount of credits with six fractional digits, held as a whole number of micro-credits.
 * There is no {@code double} anywhere: {@code Credits.of("0.1")} is exactly one tenth.
 *
 * <p>Amounts may be negative (an adjustment that takes credits away); operations that need a
 * positive amount check it themselves. Input with more than six fractional digits, and anything
 * outside the range of a {@code long} of micro-credits, is a {@link ValidationException} for field
 * {@code amount}: nothing is ever rounded silently.
 *
 * @param micros the amount in millionths of a credit
 */
public record Credits(long micros) implements Comparable<Credits> {
  /** Fractional digits kept. */
  public static final int SCALE = 6;

  public static final Credits ZERO = new Credits(0);

  private static final Pattern PLAIN_DECIMAL = Pattern.compile("[+-]?\\d{1,20}(\\.\\d{1,20})?");
  private static final BigDecimal MICROS_PER_CREDIT = BigDecimal.ONE.movePointRight(SCALE);

  /** Parses a plain decimal such as {@code "5"}, {@code "0.25"} or {@code "-1.000001"}. */
  public static Credits of(String amount) {
    if (amount == null || !PLAIN_DECIMAL.matcher(amount.strip()).matches()) {
      throw new ValidationException("amount", "amount must be a plain decimal number such as 0.25");
    }
    return of(new BigDecimal(amount.strip()));
  }

  public static Credits of(BigDecimal amount) {
    if (amount == null) {
      throw new ValidationException("amount", "amount is required");
    }
    BigDecimal normalized = amount.stripTrailingZeros();
    if (normalized.scale() > SCALE) {
      throw new ValidationException(
          "amount",
          "amount must have at most " + SCALE + " decimal places, was " + amount.toPlainString());
    }
    try {
      return new Credits(normalized.multiply(MICROS_PER_CREDIT).longValueExact());
    } catch (ArithmeticException e) {
      throw new ValidationException("amount", "amount is too large: " + amount.toPlainString());
    }
  }

  /** A whole number of credits. */
  public static Credits of(long credits) {
    return new Credits(multiplyExact(credits, 1_000_000L));
  }

  public static Credits ofMicros(long micros) {
    return new Credits(micros);
  }

  public Credits plus(Credits other) {
    try {
      return new Credits(Math.addExact(micros, other.micros));
    } catch (ArithmeticException e) {
      throw new ValidationException("amount", "amount is too large");
    }
  }

  public Credits minus(Credits other) {
    try {
      return new Credits(Math.subtractExact(micros, other.micros));
    } catch (ArithmeticException e) {
      throw new ValidationException("amount", "amount is too large");
    }
  }

  public Credits negate() {
    return ZERO.minus(this);
  }

  public boolean isPositive() {
    return micros > 0;
  }

  public boolean isNegative() {
    return micros < 0;
  }

  public boolean isZero() {
    return micros == 0;
  }

  public BigDecimal toBigDecimal() {
    return BigDecimal.valueOf(micros, SCALE);
  }

  @Override
  public int compareTo(Credits other) {
    return Long.compare(micros, other.micros);
  }

  /** The amount with at least two and at most six decimals: {@code "5.00"}, {@code "0.123456"}. */
  @Override
  public String toString() {
    BigDecimal value = toBigDecimal().stripTrailingZeros();
    return value.scale() < 2
        ? value.setScale(2, RoundingMode.UNNECESSARY).toPlainString()
        : value.toPlainString();
  }

  private static long multiplyExact(long a, long b) {
    try {
      return Math.multiplyExact(a, b);
    } catch (ArithmeticException e) {
      throw new ValidationException("amount", "amount is too large: " + a);
    }
  }
}
