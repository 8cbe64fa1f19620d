package dev.usersdk.examples;

import com.sun.net.httpserver.HttpServer;
import dev.usersdk.Environment;
import dev.usersdk.UserClient;
import dev.usersdk.UserSdkConfig;
import dev.usersdk.auth.AccountDisabledException;
import dev.usersdk.auth.AuthConfig;
import dev.usersdk.auth.Notification;
import dev.usersdk.auth.SigningKeys;
import dev.usersdk.auth.password.Password;
import dev.usersdk.event.RelayConfig;
import dev.usersdk.event.Subscription;
import dev.usersdk.event.WebhookSink;
import dev.usersdk.event.WebhookVerificationException;
import dev.usersdk.event.WebhookVerifier;
import dev.usersdk.jdbc.JdbcConfig;
import dev.usersdk.jdbc.JdbcMirrorStore;
import dev.usersdk.jdbc.JdbcStores;
import dev.usersdk.mirror.HostFields;
import dev.usersdk.mirror.HostUpdate;
import dev.usersdk.mirror.HttpUserSource;
import dev.usersdk.mirror.MirrorAuthenticator;
import dev.usersdk.mirror.MirroredUser;
import dev.usersdk.mirror.UserFeedEndpoint;
import dev.usersdk.mirror.UserMirror;
import dev.usersdk.mirror.UserSource;
import dev.usersdk.user.NewUser;
import dev.usersdk.user.ProfileUpdate;
import dev.usersdk.user.User;
import dev.usersdk.user.UserStatus;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Two services, two databases: "accounts" owns the users (usersdk's stores on its database), tells
 * "billing" of every change by signed webhook and serves its change feed over HTTP; billing keeps a
 * mirror of them in its own database, with its own plan field beside them, reads the feed when
 * events are not enough, and authenticates callers with accounts' public keys. Runs on two
 * in-memory H2 databases; set {@code OWNER_DB_URL} and {@code MIRROR_DB_URL} to use servers (each
 * gets its own tables and history table).
 *
 * <p>{@code ./mvnw -q -pl user-examples -am compile exec:java
 * -Dexec.mainClass=dev.usersdk.examples.MirrorExample}
 */
public final class MirrorExample {
  private MirrorExample() {}

  public static void main(String[] args) throws IOException {
    String ownerUrl =
        System.getenv().getOrDefault("OWNER_DB_URL", "jdbc:h2:mem:accounts;DB_CLOSE_DELAY=-1");
    String mirrorUrl =
        System.getenv().getOrDefault("MIRROR_DB_URL", "jdbc:h2:mem:billing;DB_CLOSE_DELAY=-1");
    run(System.out, ownerUrl, mirrorUrl);
  }

  static void run(PrintStream out, String ownerUrl, String mirrorUrl) throws IOException {
    String webhookSecret =
        "whsec_"
            + Base64.getEncoder()
                .encodeToString(
                    "billing-webhook-secret-32-bytes!".getBytes(StandardCharsets.UTF_8));

    // ----- billing's webhook endpoint (its handler is attached below, once the mirror exists) ----
    HttpServer endpoint =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    endpoint.start();

    // ----- accounts: the owner ------------------------------------------------------------------
    SigningKeys keys = SigningKeys.generateEs256(); // once, then from a secret store
    AtomicReference<String> inbox = new AtomicReference<>();
    UserClient accounts =
        UserClient.builder()
            .stores(JdbcStores.fromConfig(JdbcConfig.builder(ownerUrl).migrate(true).build()))
            .config(
                UserSdkConfig.builder()
                    .environment(Environment.DEVELOPMENT)
                    .auth(
                        AuthConfig.builder()
                            .signingKeys(keys)
                            .jwtSecret(
                                "accounts-code-secret-of-32-bytes!!"
                                    .getBytes(StandardCharsets.UTF_8))
                            .build())
                    .build())
            .notifier(
                notification ->
                    inbox.set(
                        notification instanceof Notification.RegistrationCode code
                            ? code.code()
                            : null))
            .subscribe(
                Subscription.of(
                    "billing",
                    WebhookSink.to(
                            "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/hooks/users")
                        .secret(webhookSecret)
                        .allowInsecureLoopback()
                        .build()))
            .relayConfig(RelayConfig.defaults().withRetrySchedule(List.of(Duration.ofSeconds(1))))
            .build();

    // accounts also serves its change feed to mirrors (here on its own loopback server; in a real
    // deployment, a route of its HTTP API behind TLS).
    String feedSecret = "accounts-feed-bearer-secret-32-chars!";
    UserFeedEndpoint feed = UserFeedEndpoint.of(accounts.users(), feedSecret);
    HttpServer accountsHttp =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    accountsHttp.createContext(
        "/feed",
        exchange -> {
          UserFeedEndpoint.Response response =
              feed.handle(
                  exchange.getRequestMethod(),
                  exchange.getRequestURI().getPath().substring("/feed".length()),
                  UserFeedEndpoint.parseQuery(exchange.getRequestURI().getRawQuery()),
                  exchange.getRequestHeaders().getFirst("Authorization"));
          byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(response.status(), body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    accountsHttp.start();

    // ----- billing: the mirror in its own database, fed by its endpoint, reading accounts' feed --
    UserSource accountsFeed =
        HttpUserSource.builder("http://127.0.0.1:" + accountsHttp.getAddress().getPort() + "/feed")
            .bearer(feedSecret)
            .allowInsecureLoopback() // https in production
            .build();
    UserMirror billing =
        UserMirror.builder(
                JdbcMirrorStore.fromConfig(JdbcConfig.builder(mirrorUrl).migrate(true).build()))
            .hostFields(HostFields.seeds()) // role, plan_tier (free), permissions, feature_flags
            .source(accountsFeed)
            .build();
    WebhookVerifier verifier = WebhookVerifier.of(webhookSecret);
    AtomicBoolean endpointDown = new AtomicBoolean();
    endpoint.createContext(
        "/hooks/users",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          int status = 204;
          try {
            if (endpointDown.get()) {
              status = 503;
            } else {
              verifier.verify(exchange.getRequestHeaders(), body); // signature, timestamp
              billing.apply(body); // idempotent, any order
            }
          } catch (WebhookVerificationException e) {
            status = 400;
          }
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    MirrorAuthenticator callers =
        MirrorAuthenticator.builder(billing, accounts.auth().publicKeys()).build();

    // 1. Ann registers at accounts; billing hears of it.
    Password password = Password.of("correct horse battery");
    accounts.auth().register("ann@example.com", password, "Ann");
    User ann = accounts.auth().confirmRegistration("ann@example.com", inbox.get());
    accounts.events().runOnce();
    MirroredUser mirrored = billing.find(ann.id()).orElseThrow();
    out.println(
        "billing sees "
            + mirrored.user().email().orElseThrow()
            + " v"
            + mirrored.user().version()
            + ", plan "
            + mirrored.host().get(HostFields.PLAN_TIER));

    // 2. Billing upgrades her plan: its own field. Accounts changes her profile: its field.
    billing.updateHostFields(ann.id(), HostUpdate.of().set(HostFields.PLAN_TIER, "pro"));
    accounts.users().updateProfile(ann.id(), ProfileUpdate.of().company("Acme"));
    accounts.events().runOnce();
    mirrored = billing.find(ann.id()).orElseThrow();
    out.println(
        "after both changes: company "
            + mirrored.user().profile().company()
            + ", plan "
            + mirrored.host().get(HostFields.PLAN_TIER)
            + ", v"
            + mirrored.user().version());

    // 3. Ann calls billing with her accounts token: verified with accounts' public keys only.
    String token = accounts.auth().login("ann@example.com", password).accessToken();
    out.println(
        "billing authenticates " + callers.authenticate(token).user().email().orElseThrow());

    // 4. Billing's endpoint is down while accounts disables Ann; sync() catches up anyway.
    endpointDown.set(true);
    User admin =
        accounts
            .users()
            .create(NewUser.email("ops@example.com").admin(true).status(UserStatus.APPROVED));
    accounts.users().disable(ann.id(), admin.id());
    accounts.events().runOnce(); // the delivery fails and will be retried
    try {
      callers.authenticate(token);
      out.println("billing still lets Ann in: it has not heard yet");
    } catch (AccountDisabledException e) {
      out.println("refused");
    }
    User bob = accounts.users().create(NewUser.email("bob@example.com"));
    out.println("billing finds bob on demand: " + billing.getOrSync(bob.id()).isPresent());
    out.println("health: in step " + billing.health().inStep());
    // The feed shows changes once they are 30 s old (Users.FEED_SETTLE), so sync() would catch up
    // in 30 s; a real host runs billing.startSync(Duration.ofMinutes(1)). Here the endpoint comes
    // back and the relay's retry delivers:
    endpointDown.set(false);
    out.println("retried deliveries: " + redeliver(accounts));
    try {
      callers.authenticate(token);
      out.println("billing still lets Ann in");
    } catch (AccountDisabledException e) {
      out.println("billing refuses Ann now: " + e.code());
    }
    out.println(
        "health: in step " + billing.health().inStep() + ", users " + billing.health().usersHere());

    accounts.close();
    billing.close();
    endpoint.stop(0);
    accountsHttp.stop(0);
  }

  /** Runs the relay until nothing is pending (the failed delivery is due again 1 s later). */
  private static int redeliver(UserClient accounts) {
    int delivered = 0;
    for (int i = 0; i < 100 && accounts.events().backlog("billing") > 0; i++) {
      delivered += accounts.events().runOnce();
      if (accounts.events().backlog("billing") > 0) {
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    return delivered;
  }
}
