package dev.usersdk.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usersdk.Environment;
import dev.usersdk.ForbiddenException;
import dev.usersdk.UserClient;
import dev.usersdk.UserSdkConfig;
import dev.usersdk.ValidationException;
import dev.usersdk.audit.AuditAction;
import dev.usersdk.audit.AuditEntry;
import dev.usersdk.auth.AuthConfig;
import dev.usersdk.auth.Principal;
import dev.usersdk.auth.password.Password;
import dev.usersdk.auth.password.PasswordHashers;
import dev.usersdk.ledger.Credits;
import dev.usersdk.spi.Stores;
import dev.usersdk.testkit.ManualClock;
import dev.usersdk.testkit.RecordingNotifier;
import dev.usersdk.user.NewUser;
import dev.usersdk.user.Permissions;
import dev.usersdk.user.User;
import dev.usersdk.user.UserId;
import dev.usersdk.user.UserNotFoundException;
import dev.usersdk.user.UserStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Roles and permissions ({@code client.roles()}, {@code Principal#hasPermission}) on a given store:
 * granted roles permit what the configuration says, on the principal and for privileged acts, a
 * revocation stops at once, no one grants more than they hold, grants and revocations are audited
 * once, concurrent grants store one row, and roles go with their user. Store implementations extend
 * it as they extend {@link AuthContract}.
 */
public abstract class RolesContract {
  private static final byte[] SECRET = "an-hs256-test-secret-of-32-bytes!!".getBytes(StandardCharsets.UTF_8);
  private static final Password PASSWORD = Password.of("correct horse battery");

  protected Stores stores;
  private final ManualClock clock = ManualClock.create();
  private UserClient client;
  private User admin;

  /** Fresh stores with no users in them. Called before each test; closed after it. */
  protected abstract Stores createStores();

  @BeforeEach
  void openStores() {
    stores = createStores();
    client = client(UserSdkConfig.builder()
        .role("support", Permissions.USERS_APPROVE, Permissions.SESSIONS_REVOKE, "reports:read")
        .role("billing", Permissions.CREDITS_ADJUST)
        .role("approver", Permissions.USERS_APPROVE)
        .role("lead", Permissions.ROLES_GRANT, Permissions.USERS_APPROVE, "reports:read")
        .role("everything", Permissions.ALL)
        .role("security", Permissions.MFA_RESET)
        .role("ops", Permissions.USERS_DISABLE, Permissions.USERS_DELETE, Permissions.SESSIONS_REVOKE,
            Permissions.MFA_RESET, Permissions.CREDITS_ADJUST)
        .role("vip"));
    admin = client.users().create(NewUser.email("admin@example.com").admin(true));
  }

  private UserClient client(UserSdkConfig.Builder config) {
    return UserClient.builder().stores(stores).clock(clock).notifier(new RecordingNotifier())
        .passwordHasher(PasswordHashers.delegating(PasswordHashers.argon2idForTestsOnly(1024, 1)))
        .config(config.environment(Environment.DEVELOPMENT)
            .auth(AuthConfig.builder().jwtSecret(SECRET).build()).build())
        .build();
  }

  @AfterEach
  void closeStores() throws Exception {
    stores.close();
  }

  private User user(String email) {
    return client.auth().createUser(NewUser.email(email).status(UserStatus.APPROVED), PASSWORD);
  }

  private Principal signIn(User user) {
    return client.auth().authenticate(client.auth().login(user.email().orElseThrow().value(), PASSWORD).accessToken());
  }

  private List<AuditEntry> trail(UserId subject) {
    return client.audit().ofSubject(subject, 500, null).items();
  }

  @Test
  void aGrantedRoleIsOnThePrincipalWithItsPermissionsAndARevocationStopsItAtOnce() {
    User ann = user("ann@example.com");
    assertThat(client.roles().grant(ann.id(), "support", admin.id())).isTrue();
    String token = client.auth().login("ann@example.com", PASSWORD).accessToken();

    Principal granted = client.auth().authenticate(token);
    assertThat(granted.roles()).containsExactly("support");
    assertThat(granted.hasRole("support")).isTrue();
    assertThat(granted.permissions()).containsExactlyInAnyOrder(
        Permissions.USERS_APPROVE, Permissions.SESSIONS_REVOKE, "reports:read");
    assertThat(granted.hasPermission("reports:read")).isTrue();
    assertThat(granted.hasPermission(Permissions.CREDITS_ADJUST)).isFalse();
    assertThat(granted.requirePermission("reports:read")).isSameAs(granted);
    assertThatThrownBy(() -> granted.requirePermission(Permissions.CREDITS_ADJUST))
        .isInstanceOf(ForbiddenException.class).hasMessageContaining(Permissions.CREDITS_ADJUST);
    assertThat(client.roles().of(ann.id())).containsExactly("support");
    assertThat(client.roles().hasPermission(ann.id(), "reports:read")).isTrue();

    assertThat(client.roles().revoke(ann.id(), "support", admin.id())).isTrue();
    Principal revoked = client.auth().authenticate(token);
    assertThat(revoked.roles()).as("the same token, read again").isEmpty();
    assertThat(revoked.hasPermission("reports:read")).isFalse();
    assertThat(client.roles().hasPermission(ann.id(), "reports:read")).isFalse();
  }

  @Test
  void anAdminHoldsEveryPermissionWithoutARole() {
    Principal root = signIn(client.auth().createUser(
        NewUser.email("root@example.com").admin(true).status(UserStatus.APPROVED), PASSWORD));
    assertThat(root.roles()).isEmpty();
    assertThat(root.hasPermission("reports:read")).isTrue();
    assertThat(root.hasPermission("anything:at-all")).isTrue();
    assertThat(client.roles().permissionsOf(admin.id())).containsExactly(Permissions.ALL);
    assertThat(client.auth().requirePermission(root, Permissions.SESSIONS_REVOKE)).isSameAs(root);
  }

  @Test
  void aRoleHolderDoesWhatItsRolePermitsAndNothingElse() {
    User ann = user("ann@example.com");
    User bill = user("bill@example.com");
    client.roles().grant(ann.id(), "support", admin.id());
    client.roles().grant(bill.id(), "billing", admin.id());
    User waiting = client.users().create(NewUser.email("pending@example.com").status(UserStatus.PENDING));

    // support approves; billing may not
    assertThatThrownBy(() -> client.users().approve(waiting.id(), bill.id()))
        .isInstanceOf(ForbiddenException.class).hasMessageContaining(Permissions.USERS_APPROVE);
    assertThat(client.users().approve(waiting.id(), ann.id()).approvedBy()).contains(ann.id());

    // billing adjusts; support may not, and a refused act leaves the balance and the trail as they were
    Credits before = client.ledger().balance(waiting.id()).available();
    assertThatThrownBy(() -> client.ledger().adjust(waiting.id(), Credits.of(5), "goodwill", ann.id()))
        .isInstanceOf(ForbiddenException.class).hasMessageContaining(Permissions.CREDITS_ADJUST);
    assertThat(client.ledger().balance(waiting.id()).available()).isEqualTo(before);
    client.ledger().adjust(waiting.id(), Credits.of(5), "goodwill", bill.id());
    assertThat(client.ledger().balance(waiting.id()).available()).isEqualTo(before.plus(Credits.of(5)));

    // neither disables or deletes
    assertThatThrownBy(() -> client.users().disable(waiting.id(), ann.id())).isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> client.users().delete(waiting.id(), bill.id())).isInstanceOf(ForbiddenException.class);
    assertThat(client.users().get(waiting.id()).status()).isEqualTo(UserStatus.APPROVED);

    // support ends another user's sessions through its principal; billing's principal may not
    User carl = user("carl@example.com");
    String carlsToken = client.auth().login("carl@example.com", PASSWORD).accessToken();
    Principal billing = signIn(bill);
    assertThatThrownBy(() -> client.auth().logoutEverywhere(carl.id(), billing))
        .isInstanceOf(ForbiddenException.class).hasMessageContaining(Permissions.SESSIONS_REVOKE);
    assertThatThrownBy(() -> client.auth().logoutEverywhere(carl.id(), bill.id()))
        .as("by actor id, checked in the same transaction").isInstanceOf(ForbiddenException.class);
    assertThat(client.auth().authenticate(carlsToken).userId()).as("nothing ended").isEqualTo(carl.id());
    client.auth().logoutEverywhere(carl.id(), signIn(ann));
    assertThatThrownBy(() -> client.auth().authenticate(carlsToken))
        .isInstanceOf(dev.usersdk.auth.InvalidTokenException.class);
    client.auth().login("carl@example.com", PASSWORD);
    client.auth().logoutEverywhere(carl.id(), ann.id());
    assertThat(trail(carl.id())).extracting(AuditEntry::action, AuditEntry::actor).containsExactly(
        org.assertj.core.groups.Tuple.tuple(AuditAction.FORCED_LOGOUT, java.util.Optional.of(ann.id())),
        org.assertj.core.groups.Tuple.tuple(AuditAction.FORCED_LOGOUT, java.util.Optional.of(ann.id())));
    assertThat(trail(waiting.id())).extracting(AuditEntry::action, AuditEntry::actor).containsExactly(
        org.assertj.core.groups.Tuple.tuple(AuditAction.LEDGER_ADJUST, java.util.Optional.of(bill.id())),
        org.assertj.core.groups.Tuple.tuple(AuditAction.APPROVE, java.util.Optional.of(ann.id())));
  }

  @Test
  void aHolderOfMfaResetRemovesAnotherUsersSecondFactor() {
    User sec = user("sec@example.com");
    User ann = user("ann@example.com");
    client.roles().grant(sec.id(), "security", admin.id());
    var enrolment = client.auth().secondFactors().enrolTotp(ann.id(), "ann@example.com");
    client.auth().secondFactors().confirmTotp(ann.id(),
        dev.usersdk.testkit.AuthenticatorApp.scan(enrolment).codeAt(clock.instant()));
    Principal support = signIn(user("support@example.com"));

    assertThatThrownBy(() -> client.auth().secondFactors().disableByAdmin(support, ann.id()))
        .isInstanceOf(ForbiddenException.class).hasMessageContaining(Permissions.MFA_RESET);
    assertThat(client.auth().secondFactors().status(ann.id()).enabled()).isTrue();
    client.auth().secondFactors().disableByAdmin(signIn(sec), ann.id());
    assertThat(client.auth().secondFactors().status(ann.id()).enabled()).isFalse();
    assertThat(trail(ann.id())).extracting(AuditEntry::action).containsExactly(AuditAction.MFA_RESET);
  }

  @Test
  void aRoleIsNoPowerOverAdminsNorOverOneselfWhereACodeWouldBeNeeded() {
    User ops = user("ops@example.com");
    User boss = client.auth().createUser(NewUser.email("boss@example.com").admin(true).status(UserStatus.APPROVED),
        PASSWORD);
    User bob = user("bob@example.com");
    client.roles().grant(ops.id(), "ops", admin.id());
    Principal opsPrincipal = signIn(ops);
    String bossToken = client.auth().login("boss@example.com", PASSWORD).accessToken();
    Credits bossBalance = client.ledger().balance(boss.id()).available();

    assertThatThrownBy(() -> client.users().disable(boss.id(), ops.id())).isInstanceOf(ForbiddenException.class)
        .hasMessageContaining("admin");
    assertThatThrownBy(() -> client.users().delete(boss.id(), ops.id())).isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> client.ledger().adjust(boss.id(), Credits.of(1), "x", ops.id()))
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> client.auth().logoutEverywhere(boss.id(), ops.id())).isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> client.auth().logoutEverywhere(boss.id(), opsPrincipal))
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> client.auth().secondFactors().disableByAdmin(opsPrincipal, boss.id()))
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> client.ledger().adjust(ops.id(), Credits.of(100), "me", ops.id()))
        .as("not one's own balance").isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> client.auth().secondFactors().disableByAdmin(opsPrincipal, ops.id()))
        .as("one's own factor goes with a code").isInstanceOf(ForbiddenException.class);
    User lead = user("lead@example.com");
    client.roles().grant(lead.id(), "lead", admin.id());
    assertThatThrownBy(() -> client.roles().grant(boss.id(), "approver", lead.id()))
        .isInstanceOf(ForbiddenException.class);

    assertThat(client.users().get(boss.id()).status()).isEqualTo(UserStatus.APPROVED);
    assertThat(client.auth().authenticate(bossToken).userId()).isEqualTo(boss.id());
    assertThat(client.ledger().balance(boss.id()).available()).isEqualTo(bossBalance);
    assertThat(client.roles().of(boss.id())).isEmpty();
    assertThat(trail(boss.id())).isEmpty();

    client.users().disable(bob.id(), ops.id()); // on anyone else, the role works
    client.ledger().adjust(bob.id(), Credits.of(1), "x", ops.id());
    client.users().delete(bob.id(), ops.id());
    assertThat(trail(bob.id())).extracting(AuditEntry::action)
        .containsExactly(AuditAction.DELETE, AuditAction.LEDGER_ADJUST, AuditAction.DISABLE);
  }

  @Test
  void anAccountHoldingARoleIsNeverLinkedToAnotherIssuersIdentity() {
    User carl = client.users().create(NewUser.email("carl@example.com").emailVerified(true).status(UserStatus.APPROVED));
    client.roles().grant(carl.id(), "billing", admin.id());
    dev.usersdk.user.ExternalAccountPolicy linking = dev.usersdk.user.ExternalAccountPolicy.defaults()
        .linkVerifiedEmail(true);

    User outsider = client.users().resolveExternal(dev.usersdk.user.ExternalIdentity
        .of(dev.usersdk.user.AuthProvider.AUTH0, "auth0|carl").email("carl@example.com").emailVerified(true), linking);

    assertThat(outsider.id()).as("not linked: the issuer's user would hold billing").isNotEqualTo(carl.id());
    assertThat(client.users().get(carl.id()).externalSubject()).isEmpty();
    assertThat(client.roles().of(outsider.id())).isEmpty();
  }

  @Test
  void aDisabledUserHoldsNothing() {
    User ann = user("ann@example.com");
    User lead = user("lead@example.com");
    client.roles().grant(ann.id(), "support", admin.id());
    client.roles().grant(lead.id(), "lead", admin.id());
    User waiting = client.users().create(NewUser.email("waiting@example.com").status(UserStatus.PENDING));
    client.users().disable(ann.id(), admin.id());
    client.users().disable(lead.id(), admin.id());

    assertThatThrownBy(() -> client.users().approve(waiting.id(), ann.id())).isInstanceOf(ForbiddenException.class);
    assertThat(client.roles().hasPermission(ann.id(), "reports:read")).isFalse();
    assertThat(client.roles().permissionsOf(ann.id())).isEmpty();
    assertThat(client.roles().of(ann.id())).as("kept for when she is back").containsExactly("support");
    assertThatThrownBy(() -> client.roles().grant(waiting.id(), "approver", lead.id()))
        .isInstanceOf(ForbiddenException.class);
    User disabledAdmin = client.auth().createUser(
        NewUser.email("old-admin@example.com").admin(true).status(UserStatus.APPROVED), PASSWORD);
    client.users().disable(disabledAdmin.id(), admin.id());
    assertThatThrownBy(() -> client.users().approve(waiting.id(), disabledAdmin.id()))
        .as("an admin too").isInstanceOf(ForbiddenException.class);
    assertThat(client.users().get(waiting.id()).status()).isEqualTo(UserStatus.PENDING);
  }

  @Test
  void onlyAnAdminHandsOutARoleThatIsOnlyAName() {
    User lead = user("lead@example.com");
    User ann = user("ann@example.com");
    client.roles().grant(lead.id(), "lead", admin.id());
    assertThatThrownBy(() -> client.roles().grant(ann.id(), "vip", lead.id())).isInstanceOf(ForbiddenException.class)
        .hasMessageContaining("no permission");
    assertThatThrownBy(() -> client.roles().revoke(ann.id(), "support", lead.id()))
        .as("a role with a permission the lead lacks").isInstanceOf(ForbiddenException.class)
        .hasMessageContaining(Permissions.SESSIONS_REVOKE);
    assertThat(client.roles().grant(ann.id(), "vip", admin.id())).isTrue();
    assertThat(signIn(ann).roles()).containsExactly("vip");
    assertThatThrownBy(() -> client.roles().revoke(ann.id(), "no such role!", admin.id()))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void whenAdminsMustUseASecondFactorSoMustUsersdksPrivilegedPermissions() {
    UserClient strict = UserClient.builder().stores(stores).clock(clock).notifier(new RecordingNotifier())
        .passwordHasher(PasswordHashers.delegating(PasswordHashers.argon2idForTestsOnly(1024, 1)))
        .config(UserSdkConfig.builder().environment(Environment.DEVELOPMENT)
            .role("support", Permissions.SESSIONS_REVOKE, "reports:read")
            .auth(AuthConfig.builder().jwtSecret(SECRET)
                .mfa(dev.usersdk.auth.MfaConfig.defaults().withRequiredForAdmins(true)).build()).build())
        .build();
    User ann = user("ann@example.com");
    client.roles().grant(ann.id(), "support", admin.id());
    client.auth().createUser(NewUser.email("root@example.com").admin(true).status(UserStatus.APPROVED), PASSWORD);
    Principal annOneFactor = strict.auth().authenticate(strict.auth().login("ann@example.com", PASSWORD).accessToken());
    Principal rootOneFactor = strict.auth().authenticate(strict.auth().login("root@example.com", PASSWORD).accessToken());

    assertThat(strict.auth().requirePermission(annOneFactor, "reports:read")).as("the host's own").isSameAs(annOneFactor);
    assertThatThrownBy(() -> strict.auth().requirePermission(annOneFactor, Permissions.SESSIONS_REVOKE))
        .isInstanceOf(dev.usersdk.auth.SecondFactorRequiredException.class);
    assertThatThrownBy(() -> strict.auth().requirePermission(rootOneFactor, "reports:read"))
        .as("an admin acting as one").isInstanceOf(dev.usersdk.auth.SecondFactorRequiredException.class);
    assertThatThrownBy(() -> strict.auth().requirePermission(annOneFactor, Permissions.CREDITS_ADJUST))
        .isInstanceOf(ForbiddenException.class);
  }

  @Test
  void grantsAndRevocationsAreRecordedOnceEachWithTheirActor() {
    User ann = user("ann@example.com");
    assertThat(client.roles().grant(ann.id(), "billing", admin.id())).isTrue();
    assertThat(client.roles().grant(ann.id(), "billing", admin.id())).as("held already").isFalse();
    assertThat(client.roles().revoke(ann.id(), "billing", admin.id())).isTrue();
    assertThat(client.roles().revoke(ann.id(), "billing", admin.id())).as("gone already").isFalse();

    List<AuditEntry> trail = trail(ann.id());
    assertThat(trail).extracting(AuditEntry::action).containsExactly(AuditAction.ROLE_REVOKE, AuditAction.ROLE_GRANT);
    assertThat(trail).allSatisfy(e -> {
      assertThat(e.actor()).contains(admin.id());
      assertThat(e.details()).isEqualTo(Map.of("role", "billing"));
    });
  }

  @Test
  void noOneGrantsMoreThanTheyHold() {
    User lead = user("lead@example.com");
    User ann = user("ann@example.com");
    User plain = user("plain@example.com");
    client.roles().grant(lead.id(), "lead", admin.id());

    assertThat(client.roles().grant(ann.id(), "approver", lead.id())).as("every permission held").isTrue();
    assertThatThrownBy(() -> client.roles().grant(ann.id(), "support", lead.id()))
        .as("support also ends sessions, which the lead may not").isInstanceOf(ForbiddenException.class)
        .hasMessageContaining(Permissions.SESSIONS_REVOKE);
    assertThatThrownBy(() -> client.roles().grant(ann.id(), "everything", lead.id()))
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> client.roles().grant(plain.id(), "approver", ann.id()))
        .as("approving does not make one a granter").isInstanceOf(ForbiddenException.class)
        .hasMessageContaining(Permissions.ROLES_GRANT);
    assertThatThrownBy(() -> client.roles().revoke(lead.id(), "lead", ann.id())).isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> client.roles().grant(ann.id(), "auditor", admin.id()))
        .as("only configured roles").isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> client.roles().grant(ann.id(), "approver", UserId.of(java.util.UUID.randomUUID())))
        .isInstanceOf(UserNotFoundException.class);
    assertThatThrownBy(() -> client.roles().grant(UserId.of(java.util.UUID.randomUUID()), "approver", admin.id()))
        .isInstanceOf(UserNotFoundException.class);

    assertThat(client.roles().of(ann.id())).containsExactly("approver");
    assertThat(client.roles().of(plain.id())).isEmpty();
    assertThat(trail(ann.id())).hasSize(1);
    assertThat(trail(plain.id())).isEmpty();
  }

  @Test
  void aRoleGrantingEverythingStillDoesNotMakeAdmins() {
    User ann = user("ann@example.com");
    User bob = user("bob@example.com");
    client.roles().grant(ann.id(), "everything", admin.id());

    client.users().disable(bob.id(), ann.id());
    client.users().enable(bob.id(), ann.id());
    assertThat(client.roles().permissionsOf(ann.id())).containsExactly(Permissions.ALL);
    assertThatThrownBy(() -> client.users().setAdmin(bob.id(), true, ann.id()))
        .isInstanceOf(ForbiddenException.class).hasMessageContaining("only admins");
    assertThat(client.users().get(bob.id()).admin()).isFalse();
  }

  @Test
  void aRoleNoLongerConfiguredPermitsNothingAndOnlyAnAdminRevokesIt() {
    User ann = user("ann@example.com");
    client.roles().grant(ann.id(), "billing", admin.id());
    UserClient reconfigured = client(UserSdkConfig.builder().role("support", Permissions.USERS_APPROVE)
        .role("lead", Permissions.ROLES_GRANT, Permissions.USERS_APPROVE));
    User lead = user("lead@example.com");
    reconfigured.roles().grant(lead.id(), "lead", admin.id());

    Principal principal = reconfigured.auth().authenticate(
        reconfigured.auth().login("ann@example.com", PASSWORD).accessToken());
    assertThat(principal.roles()).as("only configured roles are on a principal").isEmpty();
    assertThat(principal.hasPermission(Permissions.CREDITS_ADJUST)).isFalse();
    assertThat(reconfigured.roles().of(ann.id())).as("still stored").containsExactly("billing");
    assertThatThrownBy(() -> reconfigured.roles().revoke(ann.id(), "billing", lead.id()))
        .isInstanceOf(ForbiddenException.class);
    assertThat(reconfigured.roles().revoke(ann.id(), "billing", admin.id())).isTrue();
  }

  @Test
  void concurrentGrantsOfOneRoleStoreItOnce() {
    User ann = user("ann@example.com");
    for (int round = 0; round < 5; round++) {
      String role = round % 2 == 0 ? "support" : "billing";
      List<Race.Outcome<Boolean>> outcomes = Race.run(8, i -> () -> client.roles().grant(ann.id(), role, admin.id()));
      assertThat(outcomes).allSatisfy(o -> assertThat(o.failure()).as("no grant failed").isNull());
      assertThat(outcomes).filteredOn(o -> Boolean.TRUE.equals(o.value())).as("one grant took effect").hasSize(1);
      List<Race.Outcome<Boolean>> revokes = Race.run(8, i -> () -> client.roles().revoke(ann.id(), role, admin.id()));
      assertThat(revokes).allSatisfy(o -> assertThat(o.failure()).isNull());
      assertThat(revokes).filteredOn(o -> Boolean.TRUE.equals(o.value())).hasSize(1);
    }
    assertThat(client.roles().of(ann.id())).isEmpty();
    assertThat(trail(ann.id())).hasSize(10);
  }

  @Test
  void rolesGoWithTheirUserAndTheTrailStays() {
    User ann = user("ann@example.com");
    client.roles().grant(ann.id(), "support", admin.id());
    client.users().delete(ann.id(), admin.id());

    assertThatThrownBy(() -> client.roles().of(ann.id())).isInstanceOf(UserNotFoundException.class);
    java.util.Set<String> left = stores.read(tx -> tx.roles().rolesOf(ann.id()));
    assertThat(left).as("the rows went with the user").isEmpty();
    assertThat(trail(ann.id())).extracting(AuditEntry::action)
        .containsExactly(AuditAction.DELETE, AuditAction.ROLE_GRANT);
  }

  @Test
  void withoutConfiguredRolesPrincipalsCarryNone() {
    User ann = user("ann@example.com");
    client.roles().grant(ann.id(), "support", admin.id());
    UserClient plain = client(UserSdkConfig.builder());

    Principal principal = plain.auth().authenticate(plain.auth().login("ann@example.com", PASSWORD).accessToken());
    assertThat(principal.roles()).isEmpty();
    assertThat(principal.permissions()).isEmpty();
    assertThat(plain.roles().defined()).isEmpty();
    assertThat(plain.roles().of(ann.id())).as("what is stored, still readable").containsExactly("support");
    assertThat(client.roles().defined().keySet()).as("in the order configured")
        .containsExactly("support", "billing", "approver", "lead", "everything", "security", "ops", "vip");
  }
}
