package dev.usersdk.spring;

import dev.usersdk.HttpProblem;
import dev.usersdk.UserSdkException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Every usersdk error, from a controller or the security filters, as an RFC 9457 problem: the
 * status of its stable code ({@link HttpProblem}), the code and any field as members, and {@code
 * Retry-After} where waiting helps.
 */
@RestControllerAdvice
final class ProblemHandler {
  @ExceptionHandler(UserSdkException.class)
  ResponseEntity<ProblemDetail> answer(UserSdkException e) {
    HttpProblem problem = HttpProblem.of(e);
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
