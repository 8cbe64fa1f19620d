package dev.usersdk.ledger;

import dev.usersdk.user.AuthProvider;
import dev.usersdk.user.User;
import java.util.Objects;
import java.util.Set;

/**
 * Decides whether a deduction charges a user. An exempt user's deduction returns a {@link Receipt}
 * that is not {@link Receipt#charged() charged}, leaves the balance unchanged and records the usage
 * for audit.
 */
@FunctionalInterface
public interface ChargePolicy {
  boolean charges(User user);

  /** Everyone is charged (the default; the ledger then skips looking the user up). */
  static ChargePolicy everyone() {
    return Everyone.INSTANCE;
  }

  /** Only users of these providers are charged, e.g. only those who signed in through Auth0. */
  static ChargePolicy onlyProviders(AuthProvider... providers) {
    Set<AuthProvider> charged = Set.of(providers);
    return user -> charged.contains(Objects.requireNonNull(user, "user").authProvider());
  }

  /** The default policy; an enum so the ledger can recognise it and save a read per deduction. */
  enum Everyone implements ChargePolicy {
    INSTANCE;

    @Override
    public boolean charges(User user) {
      return true;
    }
  }
}
