package dev.usersdk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.usersdk.Environment;
import dev.usersdk.UserClient;
import dev.usersdk.UserSdkConfig;
import dev.usersdk.auth.AuthConfig;
import dev.usersdk.auth.ResetConfig;
import dev.usersdk.auth.password.PasswordHashers;
import dev.usersdk.jdbc.JdbcConfig;
import dev.usersdk.jdbc.JdbcStores;
import dev.usersdk.testkit.RecordingNotifier;
import dev.usersdk.testkit.TestDatabase;
import dev.usersdk.user.NewUser;
import dev.usersdk.user.User;
import dev.usersdk.user.UserStatus;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Javalin recipe started on a random port over H2 and driven with the JDK's HTTP client through
 * the seeds' whole flow.
 */
class JavalinRecipeTest {
  private static final String ORIGIN = "https://app.example.com";
  private static final String PASSWORD = "correct horse battery";

  private TestDatabase db;
  private JdbcStores stores;
  private UserClient client;
  private Javalin app;
  private final RecordingNotifier inbox = new RecordingNotifier();
  private final HttpClient http = HttpClient.newHttpClient();
  private String base;
  private User admin;

  @BeforeEach
  void start() {
    db = TestDatabase.create(TestDatabase.Kind.H2);
    stores = JdbcStores.fromConfig(JdbcConfig.builder(db.url()).migrate(true).build());
    client = UserClient.builder().stores(stores).notifier(inbox)
        .passwordHasher(PasswordHashers.delegating(PasswordHashers.argon2idForTestsOnly(1024, 1)))
        .config(UserSdkConfig.builder().environment(Environment.DEVELOPMENT).requireApproval(true)
            .auth(AuthConfig.builder()
                .jwtSecret("an-hs256-test-secret-of-32-bytes!!".getBytes(StandardCharsets.UTF_8))
                .reset(ResetConfig.defaults().withLinkTemplate(Optional.of("https://app.example.com/reset?token={token}")))
                .build())
            .build())
        .build();
    admin = client.auth().createUser(NewUser.email("admin@example.com").admin(true).status(UserStatus.APPROVED),
        dev.usersdk.auth.password.Password.of(PASSWORD));
    app = JavalinRecipe.create(client, List.of(ORIGIN), false).start(0);
    base = "http://localhost:" + app.port();
  }

  @AfterEach
  void stop() {
    if (app != null) {
      app.stop();
    }
    if (client != null) {
      client.close();
    }
    if (stores != null) {
      stores.close();
    }
    if (db != null) {
      db.close();
    }
  }

  private HttpResponse<String> send(String method, String path, String json, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String cookie(HttpResponse<String> response, String name) {
    return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "="))
        .findFirst().orElseThrow(() -> new AssertionError("no cookie " + name + " in " + response.headers()));
  }

  private static String value(String setCookie) {
    return setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
  }

  @Test
  void theSeedsWholeFlowOverRealHttp() throws Exception {
    assertThat(send("GET", "/health", null).statusCode()).as("the one open door").isEqualTo(200);
    HttpResponse<String> anonymous = send("GET", "/users/me", null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(anonymous.body()).contains("\"code\":\"invalid_token\"", "\"status\":401");

    // register: request -> the emailed code -> confirm (pending until an admin approves)
    assertThat(send("POST", "/auth/register/request",
        "{\"email\":\"ann@example.com\",\"password\":\"" + PASSWORD + "\",\"name\":\"Ann\"}").statusCode()).isEqualTo(202);
    String code = inbox.lastCode("ann@example.com").orElseThrow();
    assertThat(code).matches("\\d{6}");
    HttpResponse<String> confirmed = send("POST", "/auth/register/confirm",
        "{\"email\":\"ann@example.com\",\"code\":\"" + code + "\"}");
    assertThat(confirmed.statusCode()).isEqualTo(201);
    assertThat(confirmed.body()).contains("\"status\":\"PENDING\"").doesNotContain(PASSWORD);
    User ann = client.users().findByEmail("ann@example.com").orElseThrow();
    assertThat(send("POST", "/auth/login", "{\"email\":\"ann@example.com\",\"password\":\"" + PASSWORD + "\"}")
        .statusCode()).as("pending").isEqualTo(403);
    client.users().approve(ann.id(), admin.id());

    // login: the token as an HttpOnly cookie and as a header
    HttpResponse<String> login = send("POST", "/auth/login",
        "{\"email\":\"ann@example.com\",\"password\":\"" + PASSWORD + "\"}");
    assertThat(login.statusCode()).isEqualTo(200);
    String header = login.headers().firstValue("X-Auth-Token").orElseThrow();
    String tokenCookie = cookie(login, JavalinRecipe.TOKEN_COOKIE);
    String refreshCookie = cookie(login, JavalinRecipe.REFRESH_COOKIE);
    assertThat(tokenCookie).contains("HttpOnly", "Secure", "SameSite=Lax", "Path=/");
    assertThat(refreshCookie).contains("HttpOnly", "Secure", "SameSite=Lax", "Path=/auth");
    assertThat(value(tokenCookie)).isEqualTo(header);
    assertThat(value(refreshCookie)).isNotEqualTo(header);

    for (String[] credentials : List.of(new String[] {"Authorization", "Bearer " + header},
        new String[] {"X-Auth-Token", header}, new String[] {"Cookie", JavalinRecipe.TOKEN_COOKIE + "=" + header})) {
      HttpResponse<String> me = send("GET", "/users/me", null, credentials);
      assertThat(me.statusCode()).as(credentials[0]).isEqualTo(200);
      assertThat(me.body()).contains("\"email\":\"ann@example.com\"", "\"name\":\"Ann\"");
    }
    assertThat(send("GET", "/auth/me", null, "X-Auth-Token", header).body()).contains(ann.id().toString());

    // /users/me PATCH: only name, company, phone, telegram
    HttpResponse<String> patched = send("PATCH", "/users/me", "{\"company\":\"Acme\",\"telegram\":\"@ann_lee\"}",
        "X-Auth-Token", header);
    assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
    assertThat(patched.body()).contains("\"company\":\"Acme\"", "\"telegram\":\"ann_lee\"");
    for (String field : List.of("status", "admin", "email", "picture_url")) {
      HttpResponse<String> refused = send("PATCH", "/users/me", "{\"" + field + "\":\"x\"}", "X-Auth-Token", header);
      assertThat(refused.statusCode()).as(field).isEqualTo(422);
      assertThat(refused.body()).contains("\"field\":\"" + field + "\"", "\"code\":\"validation_failed\"");
    }
    assertThat(client.users().get(ann.id()).status()).isEqualTo(UserStatus.APPROVED);

    // the admin-only balance
    assertThat(send("GET", "/users/" + ann.id() + "/balance", null, "X-Auth-Token", header).statusCode())
        .isEqualTo(403);
    String adminToken = client.auth().login("admin@example.com", dev.usersdk.auth.password.Password.of(PASSWORD))
        .accessToken();
    HttpResponse<String> balance = send("GET", "/users/" + ann.id() + "/balance", null,
        "Authorization", "Bearer " + adminToken);
    assertThat(balance.statusCode()).isEqualTo(200);
    assertThat(balance.body()).contains("\"available\":\"5.00\"");

    // logout revokes the token and clears both cookies
    HttpResponse<String> logout = send("POST", "/auth/logout", null, "Cookie",
        JavalinRecipe.TOKEN_COOKIE + "=" + header);
    assertThat(logout.statusCode()).isEqualTo(204);
    assertThat(cookie(logout, JavalinRecipe.TOKEN_COOKIE)).startsWith(JavalinRecipe.TOKEN_COOKIE + "=;")
        .contains("Expires=Thu, 01 Jan 1970");
    assertThat(cookie(logout, JavalinRecipe.REFRESH_COOKIE)).startsWith(JavalinRecipe.REFRESH_COOKIE + "=;")
        .contains("Expires=Thu, 01 Jan 1970", "Path=/auth");
    HttpResponse<String> after = send("GET", "/users/me", null, "X-Auth-Token", header);
    assertThat(after.statusCode()).isEqualTo(401);
    assertThat(after.body()).doesNotContain(header);
  }

  @Test
  void aPasswordResetByLinkAndWrongPasswordsAnswerWithoutEchoingSecrets() throws Exception {
    client.auth().createUser(NewUser.email("bo@example.com").status(UserStatus.APPROVED),
        dev.usersdk.auth.password.Password.of(PASSWORD));
    HttpResponse<String> wrong = send("POST", "/auth/login", "{\"email\":\"bo@example.com\",\"password\":\"not-the-s3cret\"}");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).contains("\"code\":\"invalid_credentials\"").doesNotContain("not-the-s3cret");
    assertThat(send("POST", "/auth/password/reset/request", "{\"email\":\"nobody@example.com\"}").statusCode())
        .as("the same answer for an unknown address").isEqualTo(202);
    assertThat(send("POST", "/auth/password/reset/request", "{\"email\":\"bo@example.com\"}").statusCode())
        .isEqualTo(202);
    String link = inbox.lastResetLink("bo@example.com").orElseThrow();
    String token = link.substring(link.indexOf("token=") + 6);
    HttpResponse<String> reset = send("POST", "/auth/password/reset/confirm",
        "{\"token\":\"" + token + "\",\"password\":\"a brand new passphrase\"}");
    assertThat(reset.statusCode()).isEqualTo(204);
    HttpResponse<String> reused = send("POST", "/auth/password/reset/confirm",
        "{\"token\":\"" + token + "\",\"password\":\"another new passphrase\"}");
    assertThat(reused.statusCode()).isBetween(400, 499);
    assertThat(reused.body()).doesNotContain(token);
    assertThat(send("POST", "/auth/login", "{\"email\":\"bo@example.com\",\"password\":\"a brand new passphrase\"}")
        .statusCode()).isEqualTo(200);
    assertThat(send("POST", "/auth/login", "not json").statusCode()).isEqualTo(422);
  }

  @Test
  void corsAllowsExactlyTheConfiguredOrigins() throws Exception {
    HttpResponse<String> allowed = send("GET", "/health", null, "Origin", ORIGIN);
    assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).contains(ORIGIN);
    assertThat(allowed.headers().firstValue("Access-Control-Allow-Credentials")).contains("true");
    HttpResponse<String> other = send("GET", "/health", null, "Origin", "https://evil.example.net");
    assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    HttpResponse<String> preflight = send("OPTIONS", "/users/me", null, "Origin", ORIGIN,
        "Access-Control-Request-Method", "PATCH");
    assertThat(preflight.statusCode()).isEqualTo(200);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).contains(ORIGIN);
  }

  @Test
  void aChangeByCookieComesOnlyFromAKnownOrigin() throws Exception {
    client.auth().createUser(NewUser.email("cy@example.com").status(UserStatus.APPROVED),
        dev.usersdk.auth.password.Password.of(PASSWORD));
    String token = client.auth().login("cy@example.com", dev.usersdk.auth.password.Password.of(PASSWORD)).accessToken();
    String cookie = JavalinRecipe.TOKEN_COOKIE + "=" + token;
    String patch = "{\"company\":\"Evil Corp\"}";
    HttpResponse<String> foreign = send("PATCH", "/users/me", patch, "Cookie", cookie, "Origin", "https://evil.example.net");
    assertThat(foreign.statusCode()).isEqualTo(403);
    assertThat(foreign.body()).contains("\"code\":\"forbidden\"");
    assertThat(client.users().findByEmail("cy@example.com").orElseThrow().profile().company()).isNull();
    assertThat(send("PATCH", "/users/me", patch, "Cookie", cookie, "Origin", ORIGIN).statusCode()).isEqualTo(200);
    assertThat(send("PATCH", "/users/me", patch, "Cookie", cookie).statusCode()).as("no Origin: not a browser's cross-origin call").isEqualTo(200);
    // (Javalin's CORS plugin answers 400 to an Origin it does not list, its own included: list it.)
    HttpResponse<String> refresh = send("POST", "/auth/refresh", null, "Cookie", JavalinRecipe.REFRESH_COOKIE + "=whatever",
        "Origin", "https://evil.example.net");
    assertThat(refresh.statusCode()).as("the refresh cookie alone counts too").isEqualTo(403);
  }

  @Test
  void logoutWorksWithTheRefreshCookieAloneAndEndsIt() throws Exception {
    client.auth().createUser(NewUser.email("dee@example.com").status(UserStatus.APPROVED),
        dev.usersdk.auth.password.Password.of(PASSWORD));
    HttpResponse<String> login = send("POST", "/auth/login", "{\"email\":\"dee@example.com\",\"password\":\"" + PASSWORD + "\"}");
    String refresh = JavalinRecipe.REFRESH_COOKIE + "=" + value(cookie(login, JavalinRecipe.REFRESH_COOKIE));
    assertThat(send("POST", "/auth/logout", null, "Cookie", refresh).statusCode()).isEqualTo(204);
    assertThat(send("POST", "/auth/refresh", null, "Cookie", refresh).statusCode()).isEqualTo(401);
  }

  @Test
  void aForeignPageCannotSignSomeoneInNorPostJsonAsAForm() throws Exception {
    client.auth().createUser(NewUser.email("eve@example.com").status(UserStatus.APPROVED),
        dev.usersdk.auth.password.Password.of(PASSWORD));
    String login = "{\"email\":\"eve@example.com\",\"password\":\"" + PASSWORD + "\"}";
    HttpResponse<String> forged = send("POST", "/auth/login", login, "Origin", "https://evil.example.net");
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(forged.headers().allValues("Set-Cookie")).isEmpty();
    HttpResponse<String> form = http.send(HttpRequest.newBuilder(URI.create(base + "/auth/login"))
        .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(login)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(form.statusCode()).as("a text/plain body is not JSON").isEqualTo(422);
    assertThat(form.headers().allValues("Set-Cookie")).isEmpty();
    assertThat(send("POST", "/auth/login", login, "Origin", ORIGIN).statusCode()).isEqualTo(200);
  }
}
