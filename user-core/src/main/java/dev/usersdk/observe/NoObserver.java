package dev.usersdk.observe;

/** {@link Observer#none()}: one instance, every method the interface's no-op. */
enum NoObserver implements Observer {
  INSTANCE
}
