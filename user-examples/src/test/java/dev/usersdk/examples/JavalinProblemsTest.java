package dev.usersdk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.usersdk.HttpProblem;
import dev.usersdk.UserSdkException;
import dev.usersdk.testkit.ErrorSamples;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every usersdk exception type, thrown from a route and answered by the recipe's error mapping over
 * real HTTP: its status, an RFC 9457 body with the stable code, and {@code Retry-After} where
 * waiting helps.
 */
class JavalinProblemsTest {
  private final List<Map.Entry<UserSdkException, Integer>> samples =
      new ArrayList<>(ErrorSamples.withStatuses().entrySet());
  private final HttpClient http = HttpClient.newHttpClient();
  private Javalin app;

  @BeforeEach
  void start() {
    app = Javalin.create(config -> {
      config.routes.get("/fail/{i}", ctx -> {
        throw samples.get(Integer.parseInt(ctx.pathParam("i"))).getKey();
      });
      config.routes.exception(UserSdkException.class, (e, ctx) -> JavalinRecipe.Problems.answer(ctx, e));
    }).start(0);
  }

  @AfterEach
  void stop() {
    app.stop();
  }

  @Test
  void everyExceptionTypeAnswersItsStatusAsAProblem() throws Exception {
    assertThat(samples).hasSizeGreaterThan(25);
    for (int i = 0; i < samples.size(); i++) {
      UserSdkException e = samples.get(i).getKey();
      int status = samples.get(i).getValue();
      HttpResponse<String> response = http.send(
          HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + "/fail/" + i)).build(),
          HttpResponse.BodyHandlers.ofString());
      String what = e.getClass().getSimpleName() + " " + e.code();
      assertThat(response.statusCode()).as(what).isEqualTo(status);
      assertThat(response.headers().firstValue("Content-Type")).as(what).hasValueSatisfying(
          type -> assertThat(type).startsWith("application/problem+json"));
      assertThat(response.body()).as(what).contains("\"code\":\"" + e.code() + "\"")
          .contains("\"status\":" + status).contains("\"type\":\"https://usersdk.dev/errors/" + e.code() + "\"");
      HttpProblem problem = HttpProblem.of(e);
      assertThat(response.headers().firstValue("Retry-After")).as(what)
          .isEqualTo(problem.retryAfter().map(wait -> String.valueOf(wait.toSeconds())));
      if (status == 500) {
        assertThat(response.body()).as(what).doesNotContain(e.getMessage()).contains("internal error");
      }
    }
  }
}
