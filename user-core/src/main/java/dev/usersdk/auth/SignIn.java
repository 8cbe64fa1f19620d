package dev.usersdk.auth;

import dev.usersdk.user.UserId;
import java.time.Instant;
import java.util.Objects;

/**
 * What a sign-in with a first factor ends with ({@link Auth#signIn}): a session, or, for a user
 * with a second factor, a challenge to complete with a code ({@link Auth#completeSignIn}).
 */
public sealed interface SignIn {
  UserId userId();

  /** Signed in: the session. */
  record Complete(Session session) implements SignIn {
    public Complete {
      Objects.requireNonNull(session, "session");
    }

    @Override
    public UserId userId() {
      return session.userId();
    }
  }

  /**
   * The first factor was right and the user has a second one: send {@code challenge} back with a
   * code from the authenticator app or a recovery code. The challenge works once and until {@code
   * expiresAt}; it is a secret ({@link #toString()} hides it).
   */
  record SecondFactorRequired(UserId userId, String challenge, Instant expiresAt)
      implements SignIn {
    public SecondFactorRequired {
      Objects.requireNonNull(userId, "userId");
      Objects.requireNonNull(challenge, "challenge");
      Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
      return "SecondFactorRequired[userId="
          + userId
          + ", challenge=(redacted), expiresAt="
          + expiresAt
          + "]";
    }
  }
}
