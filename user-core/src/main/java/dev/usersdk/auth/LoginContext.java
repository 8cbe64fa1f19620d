package dev.usersdk.auth;

import dev.usersdk.internal.Text;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What the host knows about the caller of a login, recorded with the attempt.
 *
 * @param clientAddress e.g. the client's IP address; at most 64 characters
 * @param userAgent e.g. the {@code User-Agent} header; at most 512 characters
 */
public record LoginContext(Optional<String> clientAddress, Optional<String> userAgent) {
  public static final int MAX_CLIENT_ADDRESS_LENGTH = 64;
  public static final int MAX_USER_AGENT_LENGTH = 512;

  /** No context. */
  public static final LoginContext NONE = new LoginContext(Optional.empty(), Optional.empty());

  public LoginContext {
    clientAddress =
        clientAddress.map(a -> Text.optional("clientAddress", a, MAX_CLIENT_ADDRESS_LENGTH));
    userAgent = userAgent.map(a -> Text.optional("userAgent", a, MAX_USER_AGENT_LENGTH));
  }

  public static LoginContext of(@Nullable String clientAddress, @Nullable String userAgent) {
    return new LoginContext(Optional.ofNullable(clientAddress), Optional.ofNullable(userAgent));
  }

  public static LoginContext ofAddress(@Nullable String clientAddress) {
    return of(clientAddress, null);
  }
}
