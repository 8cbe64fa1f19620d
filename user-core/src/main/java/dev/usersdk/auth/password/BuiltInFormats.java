package dev.usersdk.auth.password;

/** Dispatches a stored string to the verifier of its format by looking at its prefix. */
final class BuiltInFormats {
  private BuiltInFormats() {}

  static boolean recognizes(String encoded) {
    return Argon2Hasher.isArgon2(encoded)
        || BcryptHasher.isBcrypt(encoded)
        || Pbkdf2Hasher.isPbkdf2(encoded);
  }

  /** Verifies with the stored parameters; false for an unknown or malformed format. */
  static boolean verify(Password password, String encoded) {
    if (Argon2Hasher.isArgon2(encoded)) {
      return Argon2Hasher.verify(password, encoded);
    }
    if (BcryptHasher.isBcrypt(encoded)) {
      return BcryptHasher.verify(password, encoded);
    }
    if (Pbkdf2Hasher.isPbkdf2(encoded)) {
      return Pbkdf2Hasher.verify(password, encoded);
    }
    return false;
  }
}
