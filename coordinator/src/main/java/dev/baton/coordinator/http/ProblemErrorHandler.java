package dev.baton.coordinator.http;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders the errors that Jetty raises itself, before any route runs, as problems: a request it
 * cannot parse (a {@code %00} or a bad escape in the path), a request line or headers over the
 * limit, and an error sent by its servlet layer. Jetty's own handler writes them as HTML.
 */
final class ProblemErrorHandler extends ErrorHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemErrorHandler.class);

  private static final HttpField CONTENT_TYPE =
      new HttpField(HttpHeader.CONTENT_TYPE, Problem.CONTENT_TYPE);

  private final int maxRequestHeadBytes;

  ProblemErrorHandler(int maxRequestHeadBytes) {
    this.maxRequestHeadBytes = maxRequestHeadBytes;
  }

  /** A request that Jetty's parser refused; the connection is closed after this answer. */
  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(CONTENT_TYPE);
    return ByteBuffer.wrap(problem(status, reason).toJson(null));
  }

  /** An error that Jetty's servlet layer sent, such as a path it refused to dispatch. */
  @Override
  public void handle(
      String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
    if (response.getStatus() >= 500) {
      // No route's handler saw it, so nothing else logs it.
      log.warn(
          "{} {} failed in the HTTP server with {}: {}",
          request.getMethod(),
          request.getRequestURI(),
          response.getStatus(),
          message,
          request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable t
              ? t
              : null);
    }
    byte[] body =
        problem(response.getStatus(), message == null ? null : message.toString())
            .toJson(request.getRequestURI());
    response.setContentType(Problem.CONTENT_TYPE);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
    baseRequest.setHandled(true);
  }

  private Problem problem(int status, String reason) {
    ProblemCode code = ProblemCode.ofServerStatus(status);
    String detail =
        switch (code) {
          case URI_TOO_LONG -> "the request line is over " + maxRequestHeadBytes + " bytes";
          case HEADERS_TOO_LARGE ->
              "the request line and headers are over " + maxRequestHeadBytes + " bytes";
          case MALFORMED_REQUEST ->
              "the request line, path or headers are not valid HTTP"
                  + (reason == null ? "" : ": " + reason);
          default ->
              "the HTTP server refused the request with "
                  + status
                  + (reason == null ? "" : ": " + reason);
        };
    return new Problem(code, detail, null, null);
  }
}
