package dev.usersdk.spring;

import dev.usersdk.UserSdkException;
import dev.usersdk.auth.Principal;
import dev.usersdk.auth.password.PasswordHasher;
import dev.usersdk.auth.password.PasswordHashers;
import dev.usersdk.testkit.ErrorSamples;
import dev.usersdk.testkit.RecordingNotifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application as a user writes it: nothing of usersdk's but the starter on the classpath, a
 * notifier bean (the testkit's inbox) and a cheap hasher (tests only), plus two controllers of its
 * own.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class TestApplication {
  @Bean
  RecordingNotifier inbox() {
    return new RecordingNotifier();
  }

  @Bean
  PasswordHasher cheapHasherForTests() {
    return PasswordHashers.delegating(PasswordHashers.argon2idForTestsOnly(1024, 1));
  }

  /** The application's catch-all, as many have: usersdk's problems must still win. */
  @RestControllerAdvice
  static class CatchAll {
    @ExceptionHandler(Exception.class)
    ResponseEntity<Map<String, String>> anything(Exception e) {
      return ResponseEntity.status(500).body(Map.of("error", "something went wrong"));
    }
  }

  /**
   * The host's own endpoints, behind usersdk's authentication like everything else (a member class
   * of the configuration: registered with it).
   */
  @RestController
  static class HostController {
    private final List<UserSdkException> samples =
        new ArrayList<>(ErrorSamples.withStatuses().keySet());

    @GetMapping("/hello")
    Map<String, Object> hello(@AuthenticationPrincipal Principal principal) {
      return Map.of("hello", principal.userId().toString(), "admin", principal.admin());
    }

    /** Answered on an asynchronous dispatch, which Spring Security authorizes too. */
    @GetMapping("/slow")
    Callable<Map<String, Object>> slow(@AuthenticationPrincipal Principal principal) {
      return () -> Map.of("later", principal.userId().toString());
    }

    @GetMapping("/fail/{i}")
    Object fail(@PathVariable("i") int i) {
      throw samples.get(i);
    }
  }
}
