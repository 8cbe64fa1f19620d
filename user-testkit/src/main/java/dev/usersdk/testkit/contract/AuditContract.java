package dev.usersdk.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usersdk.Environment;
import dev.usersdk.ForbiddenException;
import dev.usersdk.Page;
import dev.usersdk.UserClient;
import dev.usersdk.UserSdkConfig;
import dev.usersdk.audit.AuditAction;
import dev.usersdk.audit.AuditEntry;
import dev.usersdk.auth.AuthConfig;
import dev.usersdk.auth.Principal;
import dev.usersdk.auth.password.Password;
import dev.usersdk.auth.password.PasswordHashers;
import dev.usersdk.ledger.Credits;
import dev.usersdk.ledger.IdempotencyKey;
import dev.usersdk.ledger.LedgerEntry;
import dev.usersdk.spi.Stores;
import dev.usersdk.testkit.AuthenticatorApp;
import dev.usersdk.testkit.ManualClock;
import dev.usersdk.testkit.RecordingNotifier;
import dev.usersdk.user.NewUser;
import dev.usersdk.user.User;
import dev.usersdk.user.UserId;
import dev.usersdk.user.UserStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The audit trail ({@code client.audit()}) on a given store: every privileged act that changed
 * something is recorded with its actor in the act's own transaction, a refused act records nothing,
 * entries are read newest first per subject and per actor with a cursor, and they outlive a deleted
 * subject. Store implementations extend it as they extend {@link AuthContract}.
 */
@SuppressWarnings("deprecation") // the actor-less variants are tested while they exist
public abstract class AuditContract {
  private static final byte[] SECRET = "an-hs256-test-secret-of-32-bytes!!".getBytes(StandardCharsets.UTF_8);
  private static final byte[] MFA_KEY = "mfa-key-a-of-exactly-32-bytes!!!".getBytes(StandardCharsets.UTF_8);
  private static final Password PASSWORD = Password.of("correct horse battery");

  protected Stores stores;
  private ManualClock clock;
  private UserClient client;

  /** Fresh stores with no users in them. Called before each test; closed after it. */
  protected abstract Stores createStores();

  @BeforeEach
  void openStores() {
    stores = createStores();
    clock = ManualClock.create();
    client = UserClient.builder().stores(stores).clock(clock).notifier(new RecordingNotifier())
        .passwordHasher(PasswordHashers.delegating(PasswordHashers.argon2idForTestsOnly(1024, 1)))
        .config(UserSdkConfig.builder().environment(Environment.DEVELOPMENT).requireApproval(true)
            .auth(AuthConfig.builder().jwtSecret(SECRET).mfaKey(MFA_KEY).build()).build())
        .build();
  }

  @AfterEach
  void closeStores() throws Exception {
    stores.close();
  }

  private User admin() {
    return client.users().create(NewUser.email("admin@example.com").admin(true));
  }

  private List<AuditEntry> all(UserId subject) {
    return client.audit().ofSubject(subject, 500, null).items();
  }

  @Test
  void everyPrivilegedActIsRecordedWithItsActorNewestFirst() {
    User admin = admin();
    User ann = client.auth().createUser(NewUser.email("ann@example.com"), PASSWORD);

    client.users().approve(ann.id(), admin.id());
    client.users().setAdmin(ann.id(), true, admin.id());
    client.users().setAdmin(ann.id(), false, admin.id());
    clock.advance(Duration.ofMinutes(1));
    String reason = "fee & charge = 5% + VAT, 返金 " + "界".repeat(470); // near the 500-character limit
    LedgerEntry adjusted = client.ledger().adjust(ann.id(), Credits.of(-2), reason, admin.id());
    client.users().disable(ann.id(), admin.id());
    client.users().enable(ann.id(), admin.id());
    client.auth().createUser(NewUser.email("root@example.com").admin(true).status(UserStatus.APPROVED), PASSWORD);
    Principal adminPrincipal =
        client.auth().authenticate(client.auth().login("root@example.com", PASSWORD).accessToken());
    var enrolment = client.auth().secondFactors().enrolTotp(ann.id(), "ann@example.com");
    client.auth().secondFactors().confirmTotp(ann.id(), AuthenticatorApp.scan(enrolment).codeAt(clock.instant()));
    client.auth().secondFactors().disableByAdmin(adminPrincipal, ann.id());
    client.auth().logoutEverywhere(ann.id(), adminPrincipal); // no session yet: nothing done, not recorded
    client.auth().login("ann@example.com", PASSWORD);
    client.auth().logoutEverywhere(ann.id(), adminPrincipal);

    List<AuditEntry> trail = all(ann.id());
    assertThat(trail).extracting(AuditEntry::action).containsExactly(
        AuditAction.FORCED_LOGOUT, AuditAction.MFA_RESET, AuditAction.ENABLE, AuditAction.DISABLE,
        AuditAction.LEDGER_ADJUST, AuditAction.UNSET_ADMIN, AuditAction.SET_ADMIN, AuditAction.APPROVE);
    assertThat(trail).allSatisfy(e -> assertThat(e.subject()).isEqualTo(ann.id()));
    assertThat(trail.subList(2, 8)).allSatisfy(e -> assertThat(e.actor()).contains(admin.id()));
    assertThat(trail.subList(0, 2)).allSatisfy(e -> assertThat(e.actor()).contains(adminPrincipal.userId()));
    AuditEntry adjustment = trail.get(4);
    assertThat(adjustment.details()).as("read back as written").isEqualTo(Map.of("delta", "-2.00", "reason", reason,
        "entry", adjusted.id().value().toString()));
    assertThat(adjustment.at()).as("the act's time").isEqualTo(clock.instant());
    assertThat(trail.get(7).at()).as("the approval came a minute before").isEqualTo(clock.instant().minus(Duration.ofMinutes(1)));
    assertThat(trail.get(0).details()).containsEntry("sessions", "1");
  }

  @Test
  void aRefusedOrNoOpActRecordsNothing() {
    User admin = admin();
    User ann = client.auth().createUser(NewUser.email("ann@example.com"), PASSWORD);
    User bob = client.auth().createUser(NewUser.email("bob@example.com"), PASSWORD);

    assertThatThrownBy(() -> client.users().disable(ann.id(), bob.id())).isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> client.users().setAdmin(ann.id(), true, bob.id())).isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> client.users().delete(ann.id(), bob.id())).isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> client.users().approve(ann.id(), bob.id())).isInstanceOf(ForbiddenException.class);
    assertThat(client.users().get(ann.id()).status()).as("nothing changed").isEqualTo(UserStatus.PENDING);
    client.users().enable(ann.id(), admin.id()); // not disabled: no change

    assertThat(all(ann.id())).isEmpty();
    assertThat(client.audit().byActor(bob.id(), 10, null).items()).isEmpty();
  }

  @Test
  void pagesPerActorWithACursorAndEntriesOutliveTheDeletedSubject() {
    User admin = admin();
    List<UserId> approved = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      User user = client.users().create(NewUser.email("user" + i + "@example.com"));
      client.users().approve(user.id(), admin.id());
      approved.add(user.id());
      clock.advance(Duration.ofSeconds(1));
    }
    client.users().delete(approved.get(0), admin.id());

    List<AuditEntry> seen = new ArrayList<>();
    Optional<String> cursor = Optional.empty();
    int pages = 0;
    do {
      Page<AuditEntry> page = client.audit().byActor(admin.id(), 3, cursor.orElse(null));
      seen.addAll(page.items());
      cursor = page.nextCursor();
      pages++;
    } while (cursor.isPresent());

    assertThat(pages).isEqualTo(3);
    assertThat(seen).hasSize(8);
    assertThat(seen.get(0).action()).isEqualTo(AuditAction.DELETE);
    List<UserId> newestFirst = new ArrayList<>(approved);
    java.util.Collections.reverse(newestFirst);
    assertThat(seen.subList(1, 8)).extracting(AuditEntry::subject).containsExactlyElementsOf(newestFirst);
    assertThat(all(approved.get(0))).as("kept for the deleted user, by id")
        .extracting(AuditEntry::action).containsExactly(AuditAction.DELETE, AuditAction.APPROVE);
  }

  @Test
  void callsWithoutAnActorAreRecordedWithoutOne() {
    User ann = client.users().create(NewUser.email("ann@example.com"));
    client.users().disable(ann.id());
    client.users().setAdmin(ann.id(), true);

    assertThat(all(ann.id())).extracting(AuditEntry::action, AuditEntry::actor).containsExactly(
        org.assertj.core.groups.Tuple.tuple(AuditAction.SET_ADMIN, Optional.empty()),
        org.assertj.core.groups.Tuple.tuple(AuditAction.DISABLE, Optional.empty()));
  }

  @Test
  void aKeyedAdjustmentIsRecordedOnceAndItsReplayNotAgain() {
    User admin = admin();
    User ann = client.users().create(NewUser.email("ann@example.com"));
    client.ledger().adjust(ann.id(), Credits.of(5), "goodwill", admin.id(), IdempotencyKey.of("adj-1"));
    client.ledger().adjust(ann.id(), Credits.of(5), "goodwill", admin.id(), IdempotencyKey.of("adj-1"));

    assertThat(all(ann.id())).extracting(AuditEntry::action).containsExactly(AuditAction.LEDGER_ADJUST);
  }
}
