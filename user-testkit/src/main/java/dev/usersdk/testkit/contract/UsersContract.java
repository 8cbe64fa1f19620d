package dev.usersdk.testkit.contract;

import java.time.Instant;
import dev.usersdk.user.UserChange;
import dev.usersdk.user.ChangePage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usersdk.ConcurrentUpdateException;
import dev.usersdk.Environment;
import dev.usersdk.Page;
import dev.usersdk.ForbiddenException;
import dev.usersdk.UserClient;
import dev.usersdk.UserSdkConfig;
import dev.usersdk.ValidationException;
import dev.usersdk.spi.Stores;
import dev.usersdk.testkit.ManualClock;
import dev.usersdk.user.AuthProvider;
import dev.usersdk.user.DuplicateEmailException;
import dev.usersdk.user.ExternalAccountPolicy;
import dev.usersdk.user.ExternalIdentity;
import dev.usersdk.user.NewUser;
import dev.usersdk.user.ProfileField;
import dev.usersdk.user.ProfileUpdate;
import dev.usersdk.user.User;
import dev.usersdk.user.UserId;
import dev.usersdk.user.UserNotFoundException;
import dev.usersdk.user.UserQuery;
import dev.usersdk.user.UserStateException;
import dev.usersdk.user.UserStatus;
import dev.usersdk.user.Users;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The user API ({@code client.users()}) on a given store: the behaviour a host relies on,
 * including the concurrency guarantees. Store implementations extend this class as they extend
 * {@link UserStoreContract}.
 */
@SuppressWarnings("deprecation") // the actor-less variants are tested while they exist
public abstract class UsersContract {
  protected Stores stores;
  protected ManualClock clock;
  protected Users users;

  /** Fresh stores with no users in them. Called before each test; closed after it. */
  protected abstract Stores createStores();

  @BeforeEach
  void openStores() {
    stores = createStores();
    clock = ManualClock.create();
    users = client(config()).users();
  }

  @AfterEach
  void closeStores() throws Exception {
    stores.close();
  }

  /** A client on this test's stores and clock; not closed by the test (the stores are). */
  protected UserClient client(UserSdkConfig config) {
    return UserClient.builder().stores(stores).config(config).clock(clock).build();
  }

  private static UserSdkConfig.Builder config() {
    return UserSdkConfig.builder().environment(Environment.DEVELOPMENT);
  }

  private UserClient client(UserSdkConfig.Builder config) {
    return client(config.build());
  }

  // ----- creating and finding -----------------------------------------------------------------

  @Test
  void createsAnApprovedUserByDefault() {
    User ann = users.create(NewUser.email(" Ann@Example.com").name("Ann").company("Acme"));

    assertThat(ann.email()).map(Object::toString).contains("ann@example.com");
    assertThat(ann.status()).isEqualTo(UserStatus.APPROVED);
    assertThat(ann.approvedAt()).contains(clock.instant());
    assertThat(ann.approvedBy()).isEmpty();
    assertThat(ann.createdAt()).isEqualTo(clock.instant());
    assertThat(ann.version()).isEqualTo(1);
    assertThat(ann.authProvider()).isEqualTo(AuthProvider.PASSWORD);
    assertThat(ann.profile().name()).isEqualTo("Ann");
    assertThat(ann.id().value().version()).as("time-ordered UUID v7").isEqualTo(7);
    assertThat(users.get(ann.id())).isEqualTo(ann);
  }

  @Test
  void createsPendingUsersWhenApprovalIsRequired() {
    Users strict = client(config().requireApproval(true)).users();

    User pending = strict.create(NewUser.email("ann@example.com"));

    assertThat(pending.status()).isEqualTo(UserStatus.PENDING);
    assertThat(pending.approvedAt()).isEmpty();
    assertThat(strict.create(NewUser.email("admin@example.com").status(UserStatus.APPROVED)).status())
        .isEqualTo(UserStatus.APPROVED);
  }

  @Test
  void findsByEmailInAnyCaseAndByExternalSubject() {
    User ann = users.create(NewUser.email("ann@example.com"));
    User bob = users.create(NewUser.external(AuthProvider.AUTH0, "auth0|bob").withEmail("bob@example.com"));

    assertThat(users.findByEmail("  ANN@example.COM ")).contains(ann);
    assertThat(users.findByEmail("nobody@example.com")).isEmpty();
    assertThat(users.findByExternalSubject(AuthProvider.AUTH0, "auth0|bob")).contains(bob);
    assertThat(users.findByExternalSubject(AuthProvider.of("github"), "auth0|bob")).isEmpty();
    assertThat(users.find(UserId.of(UUID.randomUUID()))).isEmpty();
  }

  @Test
  void refusesADuplicateEmailAndKeepsTheFirstUser() {
    User ann = users.create(NewUser.email("ann@example.com").name("Ann"));

    assertThatThrownBy(() -> users.create(NewUser.email("ANN@example.com").name("Impostor")))
        .isInstanceOf(DuplicateEmailException.class)
        .satisfies(e -> assertThat(((DuplicateEmailException) e).code()).isEqualTo("duplicate_email"));
    assertThat(users.list(UserQuery.all()).items()).containsExactly(ann);
  }

  // ----- bad input ----------------------------------------------------------------------------

  @Test
  void badInputIsATypedErrorThatNamesTheFieldAndChangesNothing() {
    User ann = users.create(NewUser.email("ann@example.com"));

    assertThatThrownBy(() -> users.findByEmail("not-an-email"))
        .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("email");
    assertThatThrownBy(() -> users.create(NewUser.email("ann@@example.com")))
        .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("email");
    assertThatThrownBy(() -> users.create(NewUser.email("x@example.com").name("n".repeat(201))))
        .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("name");
    assertThatThrownBy(() -> users.updateProfile(ann.id(), ProfileUpdate.of().company("c".repeat(201))))
        .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("company");
    assertThatThrownBy(() -> users.updateProfile(ann.id(), ProfileUpdate.fromMap(Map.of("name", "Ann", "admin", true))))
        .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("admin");
    assertThatThrownBy(() -> users.updateProfile(ann.id(), ProfileUpdate.fromMap(Map.of("status", "APPROVED"))))
        .isInstanceOf(ValidationException.class).hasMessageContaining("service field");
    assertThatThrownBy(() -> users.updateProfile(ann.id(), ProfileUpdate.fromMap(Map.of("balance", "1000"))))
        .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("balance");
    assertThatThrownBy(() -> users.updateProfile(ann.id(), ProfileUpdate.fromMap(Map.of("email", "evil@example.com"))))
        .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("email");
    assertThatThrownBy(() -> users.updateProfile(ann.id(), ProfileUpdate.fromMap(Map.of("password", "hunter2hunter2"))))
        .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("password");

    assertThat(users.get(ann.id())).isEqualTo(ann);
    assertThat(users.list(UserQuery.all()).items()).containsExactly(ann);
  }

  @Test
  void unknownIdsAreUserNotFoundAndChangeNothing() {
    User ann = users.create(NewUser.email("ann@example.com").status(UserStatus.PENDING));
    UserId ghost = UserId.of(UUID.randomUUID());

    assertThatThrownBy(() -> users.get(ghost)).isInstanceOf(UserNotFoundException.class)
        .extracting("userId").isEqualTo(ghost);
    assertThatThrownBy(() -> users.updateProfile(ghost, ProfileUpdate.of().name("x"))).isInstanceOf(UserNotFoundException.class);
    assertThatThrownBy(() -> users.approve(ghost, ann.id())).isInstanceOf(UserNotFoundException.class);
    assertThatThrownBy(() -> users.approve(ann.id(), ghost)).isInstanceOf(UserNotFoundException.class)
        .extracting("userId").isEqualTo(ghost);
    assertThatThrownBy(() -> users.disable(ghost)).isInstanceOf(UserNotFoundException.class);
    assertThatThrownBy(() -> users.enable(ghost)).isInstanceOf(UserNotFoundException.class);
    assertThatThrownBy(() -> users.setAdmin(ghost, true)).isInstanceOf(UserNotFoundException.class);
    assertThatThrownBy(() -> users.delete(ghost)).isInstanceOf(UserNotFoundException.class);

    assertThat(users.get(ann.id())).isEqualTo(ann);
  }

  // ----- profile ------------------------------------------------------------------------------

  @Test
  void updatesOnlyTheMentionedProfileFields() {
    User ann = users.create(NewUser.email("ann@example.com").name("Ann").company("Acme").phone("+1 555 0100"));
    clock.advance(Duration.ofMinutes(5));

    User updated = users.updateProfile(ann.id(), ProfileUpdate.fromMap(
        java.util.Collections.unmodifiableMap(new java.util.HashMap<>(Map.of("telegram", "@ann_lee", "company", ""))))
        .phone(null));

    assertThat(updated.profile().name()).isEqualTo("Ann");
    assertThat(updated.profile().company()).isNull();
    assertThat(updated.profile().phone()).isNull();
    assertThat(updated.profile().telegram()).isEqualTo("ann_lee");
    assertThat(updated.version()).isEqualTo(2);
    assertThat(updated.updatedAt()).isEqualTo(clock.instant());
    assertThat(updated.createdAt()).isEqualTo(ann.createdAt());
    assertThat(users.get(ann.id())).isEqualTo(updated);
  }

  @Test
  void anUpdateThatChangesNothingKeepsTheVersion() {
    User ann = users.create(NewUser.email("ann@example.com").name("Ann"));

    assertThat(users.updateProfile(ann.id(), ProfileUpdate.of().name("Ann"))).isEqualTo(ann);
    assertThat(users.updateProfile(ann.id(), ProfileUpdate.of())).isEqualTo(ann);
  }

  @Test
  void aStaleExpectedVersionIsAConcurrentUpdate() {
    User ann = users.create(NewUser.email("ann@example.com"));
    User renamed = users.updateProfile(ann.id(), ProfileUpdate.of().name("Ann").expectVersion(1));

    assertThatThrownBy(() -> users.updateProfile(ann.id(), ProfileUpdate.of().name("Stale").expectVersion(1)))
        .isInstanceOf(ConcurrentUpdateException.class)
        .satisfies(e -> assertThat(((ConcurrentUpdateException) e).code()).isEqualTo("concurrent_update"));
    assertThat(users.get(ann.id())).isEqualTo(renamed);
  }

  // ----- approval, disable, admin, delete ------------------------------------------------------

  @Test
  void approvesAPendingUserAndRecordsWhoAndWhen() {
    User admin = users.create(NewUser.email("admin@example.com").admin(true));
    User ann = users.create(NewUser.email("ann@example.com").status(UserStatus.PENDING));
    clock.advance(Duration.ofHours(1));

    User approved = users.approve(ann.id(), admin.id());

    assertThat(approved.status()).isEqualTo(UserStatus.APPROVED);
    assertThat(approved.approvedBy()).contains(admin.id());
    assertThat(approved.approvedAt()).contains(clock.instant());
    assertThat(approved.version()).isEqualTo(2);
    assertThat(users.approve(ann.id(), admin.id())).as("approving twice is a no-op").isEqualTo(approved);
  }

  @Test
  void onlyAnAdminMayApprove() {
    User bob = users.create(NewUser.email("bob@example.com"));
    User ann = users.create(NewUser.email("ann@example.com").status(UserStatus.PENDING));

    assertThatThrownBy(() -> users.approve(ann.id(), bob.id())).isInstanceOf(ForbiddenException.class);
    assertThat(users.get(ann.id())).as("nothing changed").isEqualTo(ann);
    User configured = users.create(NewUser.email("carl@example.com"));
    UserClient withAdminIds = client(config().adminId(configured.id()));
    assertThat(withAdminIds.users().approve(ann.id(), configured.id()).status())
        .as("a configured admin id may").isEqualTo(UserStatus.APPROVED);
  }

  @Test
  void disableAndEnableReturnToTheFormerStatus() {
    User approved = users.create(NewUser.email("ann@example.com"));
    User pending = users.create(NewUser.email("bob@example.com").status(UserStatus.PENDING));

    User disabled = users.disable(approved.id());
    assertThat(disabled.status()).isEqualTo(UserStatus.DISABLED);
    assertThat(users.disable(approved.id())).isEqualTo(disabled);
    assertThatThrownBy(() -> users.approve(approved.id(), pending.id()))
        .isInstanceOf(UserStateException.class)
        .satisfies(e -> assertThat(((UserStateException) e).status()).isEqualTo(UserStatus.DISABLED));
    assertThat(users.get(approved.id())).isEqualTo(disabled);

    assertThat(users.enable(approved.id()).status()).isEqualTo(UserStatus.APPROVED);
    users.disable(pending.id());
    assertThat(users.enable(pending.id()).status()).isEqualTo(UserStatus.PENDING);
  }

  @Test
  void adminIsTheFlagOrAConfiguredId() {
    User flagged = users.create(NewUser.email("flagged@example.com").admin(true));
    User configured = users.create(NewUser.email("configured@example.com"));
    User plain = users.create(NewUser.email("plain@example.com"));
    Users withAdmins = client(config().adminId(configured.id())).users();

    assertThat(withAdmins.isAdmin(flagged)).isTrue();
    assertThat(withAdmins.isAdmin(configured)).isTrue();
    assertThat(withAdmins.isAdmin(plain)).isFalse();
    assertThat(users.isAdmin(configured)).as("without the configured id").isFalse();
    assertThat(withAdmins.withAdminFlag(configured).admin()).isTrue();
    assertThat(withAdmins.withAdminFlag(plain)).isEqualTo(plain);
    assertThat(withAdmins.list(UserQuery.all().admin(true)).items()).containsExactlyInAnyOrder(flagged, configured);
    assertThat(withAdmins.list(UserQuery.all().admin(false)).items()).containsExactly(plain);

    User demoted = withAdmins.setAdmin(flagged.id(), false);
    assertThat(demoted.admin()).isFalse();
    assertThat(withAdmins.isAdmin(demoted)).isFalse();
    assertThat(withAdmins.setAdmin(configured.id(), false)).as("already false: no-op").isEqualTo(configured);
    assertThat(withAdmins.isAdmin(withAdmins.get(configured.id()))).as("configured ids stay admins").isTrue();
  }

  @Test
  void deletesAUser() {
    User ann = users.create(NewUser.email("ann@example.com"));

    users.delete(ann.id());

    assertThat(users.find(ann.id())).isEmpty();
    assertThat(users.findByEmail("ann@example.com")).isEmpty();
    assertThat(users.create(NewUser.email("ann@example.com")).id()).isNotEqualTo(ann.id());
  }

  // ----- listing ------------------------------------------------------------------------------

  @Test
  void pagesThroughAllUsersInCreationOrder() {
    List<User> created = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      created.add(users.create(NewUser.email("user" + i + "@example.com")));
      clock.advance(Duration.ofMillis(1));
    }

    List<User> seen = new ArrayList<>();
    UserQuery query = UserQuery.all().limit(10);
    Page<User> page = users.list(query);
    List<Integer> sizes = new ArrayList<>();
    while (true) {
      sizes.add(page.items().size());
      seen.addAll(page.items());
      if (!page.hasNext()) {
        break;
      }
      // A user created mid-listing shows up at the end, never shifting pages already read.
      if (sizes.size() == 1) {
        clock.advance(Duration.ofMillis(1));
        created.add(users.create(NewUser.email("late@example.com")));
      }
      page = users.list(query.after(page.nextCursor().get()));
    }

    assertThat(sizes).containsExactly(10, 10, 6);
    assertThat(seen).containsExactlyElementsOf(created);
  }

  @Test
  void filtersTheListing() {
    User ann = users.create(NewUser.email("ann@example.com"));
    User anna = users.create(NewUser.email("Anna@example.com").status(UserStatus.PENDING));
    users.create(NewUser.email("bob@example.com"));

    assertThat(users.list(UserQuery.all().emailPrefix("ANN")).items()).containsExactlyInAnyOrder(ann, anna);
    assertThat(users.list(UserQuery.all().emailPrefix("ann").status(UserStatus.PENDING)).items()).containsExactly(anna);
    assertThatThrownBy(() -> UserQuery.all().after("not a cursor"))
        .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("cursor");
    assertThatThrownBy(() -> UserQuery.all().limit(0)).isInstanceOf(ValidationException.class);
  }

  // ----- concurrency --------------------------------------------------------------------------

  @Test
  void thirtyTwoThreadsCreatingCollidingEmailsMakeOneUserPerEmail() {
    int threads = 32;
    List<Race.Outcome<User>> outcomes = Race.run(threads, i ->
        () -> users.create(NewUser.email((i % 2 == 0 ? "Same" : "same") + (i % 8) + "@Example.com")));

    List<User> winners = outcomes.stream().filter(Race.Outcome::succeeded).map(Race.Outcome::value)
        .collect(Collectors.toList());
    assertThat(winners).hasSize(8);
    assertThat(outcomes.stream().filter(o -> !o.succeeded()).map(Race.Outcome::failure))
        .hasSize(threads - 8)
        .allSatisfy(failure -> assertThat(failure).isInstanceOf(DuplicateEmailException.class));
    assertThat(users.list(UserQuery.all()).items()).containsExactlyInAnyOrderElementsOf(winners);
  }

  @Test
  void racingUpdatesAtOneVersionLetExactlyOneWin() {
    User ann = users.create(NewUser.email("ann@example.com"));
    int threads = 16;

    List<Race.Outcome<User>> outcomes = Race.run(threads, i ->
        () -> users.updateProfile(ann.id(), ProfileUpdate.of().name("writer " + i).expectVersion(ann.version())));

    List<User> winners = outcomes.stream().filter(Race.Outcome::succeeded).map(Race.Outcome::value)
        .collect(Collectors.toList());
    assertThat(winners).hasSize(1);
    assertThat(outcomes.stream().filter(o -> !o.succeeded()).map(Race.Outcome::failure))
        .allSatisfy(failure -> assertThat(failure).isInstanceOf(ConcurrentUpdateException.class));
    assertThat(users.get(ann.id())).isEqualTo(winners.get(0));
    assertThat(winners.get(0).version()).isEqualTo(2);
  }

  @Test
  void racingBlindUpdatesOfDifferentFieldsLoseNoWrite() {
    User ann = users.create(NewUser.email("ann@example.com"));
    ProfileField[] fields = {ProfileField.NAME, ProfileField.COMPANY, ProfileField.PHONE, ProfileField.TELEGRAM};
    int rounds = 25;

    List<Race.Outcome<Integer>> outcomes = Race.run(fields.length, i -> () -> {
      for (int round = 0; round < rounds; round++) {
        users.updateProfile(ann.id(), ProfileUpdate.of().set(fields[i], valueFor(fields[i], round)));
      }
      return rounds;
    });

    assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.failure()).isNull());
    User last = users.get(ann.id());
    for (ProfileField field : fields) {
      assertThat(last.profile().get(field)).as(field.key()).isEqualTo(valueFor(field, rounds - 1));
    }
    assertThat(last.version()).isEqualTo(1 + (long) fields.length * rounds);
  }

  @Test
  void readersNeverSeeHalfOfAnUpdate() {
    User ann = users.create(NewUser.email("ann@example.com").name("v0").company("v0"));
    AtomicBoolean writing = new AtomicBoolean(true);
    Set<String> torn = java.util.concurrent.ConcurrentHashMap.newKeySet();

    List<Race.Outcome<Integer>> outcomes = Race.run(4, i -> () -> {
      if (i == 0) {
        for (int v = 1; v <= 200; v++) {
          users.updateProfile(ann.id(), ProfileUpdate.of().name("v" + v).company("v" + v));
        }
        writing.set(false);
        return 200;
      }
      int reads = 0;
      while (writing.get() || reads == 0) {
        User seen = users.get(ann.id());
        if (!seen.profile().name().equals(seen.profile().company())) {
          torn.add(seen.profile().name() + "/" + seen.profile().company());
        }
        reads++;
      }
      return reads;
    });

    assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.failure()).isNull());
    assertThat(torn).isEmpty();
    assertThat(users.get(ann.id()).profile().name()).isEqualTo("v200");
  }

  // ----- external identities (Auth0 and other issuers) ------------------------------------------

  private static ExternalIdentity auth0(String subject) {
    return ExternalIdentity.of(AuthProvider.AUTH0, subject);
  }

  @Test
  void resolvesAnExternalIdentityByCreatingItOnceWithTheDefaultBalance() {
    UserClient client = client(config().defaultBalance(dev.usersdk.ledger.Credits.of("5.00")));
    ExternalIdentity bob = auth0("auth0|bob").email("Bob@Example.com").emailVerified(true).name("Bob")
        .pictureUrl("https://cdn.example.com/bob.png");

    User first = client.users().resolveExternal(bob, ExternalAccountPolicy.defaults());
    User again = client.users().resolveExternal(bob, ExternalAccountPolicy.defaults());

    assertThat(again).isEqualTo(first);
    assertThat(first.authProvider()).isEqualTo(AuthProvider.AUTH0);
    assertThat(first.externalSubject()).contains("auth0|bob");
    assertThat(first.email()).map(Object::toString).contains("bob@example.com");
    assertThat(first.emailVerified()).isTrue();
    assertThat(first.profile().name()).isEqualTo("Bob");
    assertThat(first.profile().pictureUrl()).isEqualTo("https://cdn.example.com/bob.png");
    assertThat(first.status()).isEqualTo(UserStatus.APPROVED);
    assertThat(client.ledger().balance(first.id()).available()).isEqualTo(dev.usersdk.ledger.Credits.of("5.00"));
    assertThat(users.list(UserQuery.all()).items()).hasSize(1);
  }

  @Test
  void keepsTheFieldsTheProviderOwnsInStepAndLeavesOutTheOnesItDoesNotSend() {
    User bob = users.resolveExternal(auth0("auth0|bob").email("bob@example.com").name("Bob"), ExternalAccountPolicy.defaults());
    clock.advance(Duration.ofMinutes(1));

    User changed = users.resolveExternal(auth0("auth0|bob").email("robert@example.com").emailVerified(true)
        .name("Robert").pictureUrl("https://cdn.example.com/r.png"), ExternalAccountPolicy.defaults());
    User sparse = users.resolveExternal(auth0("auth0|bob"), ExternalAccountPolicy.defaults());

    assertThat(changed.id()).isEqualTo(bob.id());
    assertThat(changed.version()).isEqualTo(bob.version() + 1);
    assertThat(changed.updatedAt()).isEqualTo(clock.instant());
    assertThat(changed.email()).map(Object::toString).contains("robert@example.com");
    assertThat(changed.emailVerified()).isTrue();
    assertThat(changed.profile().name()).isEqualTo("Robert");
    assertThat(changed.profile().pictureUrl()).isEqualTo("https://cdn.example.com/r.png");
    assertThat(sparse).as("a token without the claims changes nothing").isEqualTo(changed);
    assertThat(users.get(bob.id())).isEqualTo(changed);
  }

  @Test
  void neverTakesAnEmailFromAnotherAccount() {
    User ann = users.create(NewUser.email("ann@example.com").name("Ann"));

    User newcomer = users.resolveExternal(auth0("auth0|mallory").email("ann@example.com").emailVerified(true),
        ExternalAccountPolicy.defaults());
    User known = users.resolveExternal(auth0("auth0|carl").email("carl@example.com"), ExternalAccountPolicy.defaults());
    User renamed = users.resolveExternal(auth0("auth0|carl").email("ann@example.com").name("Carl"),
        ExternalAccountPolicy.defaults());

    assertThat(newcomer.id()).isNotEqualTo(ann.id());
    assertThat(newcomer.email()).as("created without the taken email").isEmpty();
    assertThat(newcomer.emailVerified()).isFalse();
    assertThat(renamed.id()).isEqualTo(known.id());
    assertThat(renamed.email()).map(Object::toString).contains("carl@example.com");
    assertThat(renamed.profile().name()).as("the rest is still taken").isEqualTo("Carl");
    User again = users.resolveExternal(auth0("auth0|carl").email("ann@example.com").name("Carl"),
        ExternalAccountPolicy.defaults());
    assertThat(again).as("a taken email is not tried again: no write").isEqualTo(renamed);
    assertThat(users.get(ann.id())).isEqualTo(ann);
  }

  @Test
  void linksAPasswordAccountOnlyWhenAskedAndOnlyByAVerifiedEmail() {
    User ann = users.create(NewUser.email("ann@example.com").name("Ann").emailVerified(true));
    ExternalAccountPolicy linking = ExternalAccountPolicy.defaults().linkVerifiedEmail(true);

    User unverified = users.resolveExternal(auth0("auth0|ann-1").email("ann@example.com"), linking);
    User linked = users.resolveExternal(auth0("auth0|ann-2").email("ann@example.com").emailVerified(true), linking);
    User again = users.resolveExternal(auth0("auth0|ann-2").email("ann@example.com").emailVerified(true), linking);
    User other = users.resolveExternal(auth0("auth0|ann-3").email("ann@example.com").emailVerified(true), linking);

    assertThat(unverified.id()).isNotEqualTo(ann.id());
    assertThat(linked.id()).isEqualTo(ann.id());
    assertThat(linked.authProvider()).isEqualTo(AuthProvider.AUTH0);
    assertThat(linked.externalSubject()).contains("auth0|ann-2");
    assertThat(linked.emailVerified()).isTrue();
    assertThat(linked.profile().name()).isEqualTo("Ann");
    assertThat(again).isEqualTo(linked);
    assertThat(other.id()).as("an account is linked once").isNotEqualTo(ann.id());
    assertThat(users.findByExternalSubject(AuthProvider.AUTH0, "auth0|ann-2")).contains(linked);
    assertThat(linked.version()).isEqualTo(ann.version() + 1);
  }

  @Test
  void neverLinksAnAccountWhoseOwnEmailIsUnverifiedOrAnAdmin() {
    User typedIn = users.create(NewUser.email("bea@example.com"));
    User admin = users.create(NewUser.email("root@example.com").emailVerified(true).admin(true));
    ExternalAccountPolicy linking = ExternalAccountPolicy.defaults().linkVerifiedEmail(true);

    User bea = users.resolveExternal(auth0("auth0|bea").email("bea@example.com").emailVerified(true), linking);
    User root = users.resolveExternal(auth0("auth0|root").email("root@example.com").emailVerified(true), linking);

    assertThat(bea.id()).isNotEqualTo(typedIn.id());
    assertThat(bea.email()).isEmpty();
    assertThat(root.id()).isNotEqualTo(admin.id());
    assertThat(users.get(typedIn.id())).isEqualTo(typedIn);
    assertThat(users.get(admin.id())).isEqualTo(admin);
  }

  @Test
  void matchesExternalSubjectsExactlyAsSigned() {
    ExternalAccountPolicy policy = ExternalAccountPolicy.defaults();
    User ann = users.resolveExternal(ExternalIdentity.of(AuthProvider.AUTH0, "auth0|ann"), policy);
    User upper = users.resolveExternal(ExternalIdentity.of(AuthProvider.AUTH0, "auth0|ANN"), policy);
    User spaced = users.resolveExternal(ExternalIdentity.of(AuthProvider.AUTH0, " auth0|ann"), policy);

    assertThat(List.of(ann.id(), upper.id(), spaced.id())).doesNotHaveDuplicates();
    assertThat(spaced.externalSubject()).contains(" auth0|ann");
    assertThat(users.findByExternalSubject(AuthProvider.AUTH0, "auth0|ann ")).isEmpty();
    assertThat(users.findByExternalSubject(AuthProvider.AUTH0, "auth0|ANN")).contains(upper);
    assertThatThrownBy(() -> ExternalIdentity.of(AuthProvider.AUTH0, "  ")).isInstanceOf(ValidationException.class);
  }

  @Test
  void createsExternalUsersWithTheConfiguredStatus() {
    User pending = users.resolveExternal(auth0("auth0|p"), ExternalAccountPolicy.defaults().initialStatus(UserStatus.PENDING));
    User byConfig = client(config().requireApproval(true)).users().resolveExternal(auth0("auth0|q"), ExternalAccountPolicy.defaults());

    assertThat(pending.status()).isEqualTo(UserStatus.PENDING);
    assertThat(byConfig.status()).isEqualTo(UserStatus.PENDING);
  }

  @Test
  void aThousandConcurrentFirstSignInsOfOneSubjectCreateOneUser() {
    ExternalIdentity dora = auth0("auth0|dora").email("dora@example.com").emailVerified(true).name("Dora");

    List<Race.Outcome<User>> outcomes = Race.run(1000, i -> () -> users.resolveExternal(dora, ExternalAccountPolicy.defaults()));

    assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.failure()).isNull());
    Set<UserId> ids = outcomes.stream().map(o -> o.value().id()).collect(Collectors.toSet());
    assertThat(ids).hasSize(1);
    assertThat(users.list(UserQuery.all()).items()).hasSize(1);
    User stored = users.get(ids.iterator().next());
    assertThat(stored.email()).map(Object::toString).contains("dora@example.com");
    assertThat(stored.version()).as("created once, never rewritten").isEqualTo(1);
  }

  private static String valueFor(ProfileField field, int round) {
    switch (field) {
      case PHONE: return "+1 555 " + (1000 + round);
      case TELEGRAM: return "handle_" + round;
      default: return field.key() + " " + round;
    }
  }

  // ----- the change feed ------------------------------------------------------------------------

  @Test
  void theChangeFeedListsUsersByLastChangeAndDeletionsAndResumesFromItsCursor() {
    User ann = users.create(NewUser.email("ann@example.com"));
    clock.advance(Duration.ofSeconds(1));
    User bob = users.create(NewUser.email("bob@example.com"));
    clock.advance(Duration.ofSeconds(1));
    User cat = users.create(NewUser.email("cat@example.com"));
    clock.advance(Duration.ofSeconds(1));
    ann = users.updateProfile(ann.id(), ProfileUpdate.of().name("Ann"));
    clock.advance(Duration.ofSeconds(1));
    users.delete(bob.id());
    Instant deletedAt = clock.instant();

    assertThat(users.changes(null, 10).changes()).as("nothing has settled yet").isEmpty();
    clock.advance(Users.FEED_SETTLE);
    ChangePage first = users.changes(null, 2);
    assertThat(first.changes()).containsExactly(UserChange.of(cat), UserChange.of(ann));
    assertThat(first.more()).isTrue();
    ChangePage second = users.changes(first.cursor(), 2);
    assertThat(second.changes()).containsExactly(UserChange.deletion(bob.id(), bob.version() + 1, deletedAt));
    assertThat(second.more()).isFalse();
    assertThat(second.changes().get(0).deleted()).isTrue();

    ChangePage caughtUp = users.changes(second.cursor(), 10);
    assertThat(caughtUp.changes()).isEmpty();
    assertThat(caughtUp.cursor()).as("kept, to resume from").isEqualTo(second.cursor());
    clock.advance(Duration.ofSeconds(1));
    cat = users.disable(cat.id());
    clock.advance(Users.FEED_SETTLE);
    assertThat(users.changes(caughtUp.cursor(), 10).changes()).containsExactly(UserChange.of(cat));
  }

  @Test
  void theChangeFeedRefusesCursorsItDidNotMakeAndBadLimits() {
    assertThatThrownBy(() -> users.changes("not-a-cursor", 10)).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> users.changes(null, 0)).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> users.changes(null, 1001)).isInstanceOf(ValidationException.class);
  }
}
