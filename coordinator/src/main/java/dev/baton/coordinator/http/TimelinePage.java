package dev.baton.coordinator.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;
import java.util.Map;

/**
 * The timeline page: static HTML, one script and one style sheet from the coordinator's jar, served
 * at {@value #PATH}. In a browser, {@code /ui/?session=ID} lists the session's turns and {@code
 * /ui/?session=ID&turn=T} draws turn T's agent steps and tool calls on a time axis, read from the
 * session's events and kept current by the turn's stream (see {@code docs/operations.md}).
 */
final class TimelinePage {

  /** Where the page is served. */
  static final String PATH = "/ui";

  /** Where its files are on the classpath. */
  static final String RESOURCES = "/dev/baton/coordinator/ui";

  /** The page loads its own files and calls this API only; nothing inline, nothing elsewhere. */
  private static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'";

  private TimelinePage() {}

  /** Serves the page's files from {@code config}'s server. */
  static void serve(JavalinConfig config) {
    config.staticFiles.add(
        files -> {
          files.hostedPath = PATH;
          files.directory = RESOURCES;
          files.location = Location.CLASSPATH;
          files.headers =
              Map.of(
                  "Cache-Control", "no-cache",
                  "Content-Security-Policy", CONTENT_SECURITY_POLICY,
                  "X-Content-Type-Options", "nosniff");
        });
  }
}
