package dev.usersdk.testkit.memory;

import dev.usersdk.spi.EmailCodePurpose;
import dev.usersdk.spi.EmailCodeStore;
import dev.usersdk.spi.StoredEmailCode;
import java.time.Instant;
import java.util.Optional;

/**
 * {@link EmailCodeStore} over {@link AuthTables}, bound to one transaction; every write can be
 * undone. Checks what the JDBC schema's keys check (the user exists, a link hash is unique).
 */
final class MemoryEmailCodeStore implements EmailCodeStore {
  private final AuthTables t;
  private final UserTable users;
  private final MemoryTransaction tx;

  MemoryEmailCodeStore(AuthTables tables, UserTable users, MemoryTransaction tx) {
    this.t = tables;
    this.users = users;
    this.tx = tx;
  }

  @Override
  public Optional<StoredEmailCode> emailCodeForUpdate(EmailCodePurpose purpose, String subject) {
    tx.checkUsable();
    return Optional.ofNullable(t.emailCodes.get(AuthTables.emailCodeKey(purpose, subject)));
  }

  @Override
  public Optional<StoredEmailCode> emailCodeByLinkForUpdate(String linkHash) {
    tx.checkUsable();
    return t.emailCodes.values().stream()
        .filter(c -> c.linkHash().filter(linkHash::equals).isPresent())
        .findFirst();
  }

  @Override
  public void saveEmailCode(StoredEmailCode code) {
    tx.checkUsable();
    if (code.userId().isPresent() && !users.byId.containsKey(code.userId().get())) {
      throw MemoryAuthStore.failure("saving an email code", "no user " + code.userId().get());
    }
    String key = AuthTables.emailCodeKey(code.purpose(), code.subject());
    if (code.linkHash().isPresent()
        && t.emailCodes.entrySet().stream()
            .anyMatch(
                e -> !e.getKey().equals(key) && e.getValue().linkHash().equals(code.linkHash()))) {
      throw MemoryAuthStore.failure("saving an email code", "the link is taken");
    }
    tx.put(t.emailCodes, key, code);
  }

  @Override
  public boolean deleteEmailCode(EmailCodePurpose purpose, String subject) {
    tx.checkUsable();
    return tx.remove(t.emailCodes, AuthTables.emailCodeKey(purpose, subject)) != null;
  }

  @Override
  public int purgeExpiredEmailCodes(Instant now, Instant windowsBefore) {
    tx.checkUsable();
    return tx.removeIf(
        t.emailCodes,
        (key, code) ->
            !code.expiresAt().isAfter(now) && code.windowStartedAt().isBefore(windowsBefore));
  }
}
