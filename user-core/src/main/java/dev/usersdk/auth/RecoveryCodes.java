package dev.usersdk.auth;

import java.util.List;

/**
 * One-time codes that stand in for the authenticator app when it is lost: show them once; each
 * works once; a new set replaces the old. Secrets: {@link #toString()} shows none.
 *
 * @param codes ten codes of 80 bits each, written {@code xxxx-xxxx-xxxx-xxxx}
 */
public record RecoveryCodes(List<String> codes) {
  public RecoveryCodes {
    codes = List.copyOf(codes);
  }

  @Override
  public String toString() {
    return "RecoveryCodes[" + codes.size() + " codes, (redacted)]";
  }
}
