package dev.usersdk.spring;

import dev.usersdk.HttpProblem;
import dev.usersdk.UserSdkException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Every usersdk error, from a controller or the security filters, as an RFC 9457 problem: the
 * status of its stable code ({@link HttpProblem}), the code and any field as members, and {@code
 * Retry-After} where waiting helps. Ahead of advice without an order (an application's catch-all
 * does not turn a 401 into its 500), behind advice the application orders itself; {@code
 * usersdk.web.problems=false} leaves usersdk's errors to the application. A 500 is logged, since
 * its answer says nothing.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE - 1)
final class ProblemHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ProblemHandler.class);

  @ExceptionHandler(UserSdkException.class)
  ResponseEntity<ProblemDetail> answer(UserSdkException e) {
    HttpProblem problem = HttpProblem.of(e);
    if (problem.status() == 500) {
      LOG.error("usersdk failed a request: {}", e.code(), e);
    }
    ProblemDetail body =
        ProblemDetail.forStatusAndDetail(
            HttpStatusCode.valueOf(problem.status()), problem.detail());
    body.setType(problem.type());
    body.setTitle(problem.title());
    body.setProperty("code", problem.code());
    problem.field().ifPresent(field -> body.setProperty("field", field));
    HttpHeaders headers = new HttpHeaders();
    problem
        .retryAfter()
        .ifPresent(wait -> headers.set(HttpHeaders.RETRY_AFTER, String.valueOf(wait.toSeconds())));
    return ResponseEntity.status(problem.status()).headers(headers).body(body);
  }
}
