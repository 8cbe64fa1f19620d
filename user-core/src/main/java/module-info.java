/**
 * usersdk core: the API, the flows behind it and the store SPI. Exports the API and SPI packages
 * only: the implementation packages ({@code dev.usersdk.internal} and each feature's {@code
 * .internal}) are not exported, so no other module can compile against them.
 */
module dev.usersdk.core {
  requires com.nimbusds.jose.jwt;
  requires java.net.http;
  requires org.bouncycastle.provider;
  requires org.slf4j;
  // Annotations only (type-use nullness on the API): needed to compile against us, not to run.
  requires static transitive org.jspecify;

  exports dev.usersdk;
  exports dev.usersdk.audit;
  exports dev.usersdk.auth;
  exports dev.usersdk.auth.password;
  exports dev.usersdk.event;
  exports dev.usersdk.health;
  exports dev.usersdk.ledger;
  exports dev.usersdk.mirror;
  exports dev.usersdk.observe;
  exports dev.usersdk.spi;
  exports dev.usersdk.user;
}
