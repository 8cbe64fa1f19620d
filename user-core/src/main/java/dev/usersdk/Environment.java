package dev.usersdk;

/**
 * Where the library runs. {@link #PRODUCTION} (the default) refuses unsafe settings at startup;
 * {@link #DEVELOPMENT} allows conveniences such as generated secrets and the no-auth mode.
 */
public enum Environment {
  DEVELOPMENT,
  PRODUCTION
}
