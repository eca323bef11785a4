package dev.baton.client.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;

/** The API's paths, with ids encoded as path segments. */
final class Paths {

  private static final String UNRESERVED =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

  private Paths() {}

  /** {@code /v1/sessions/{sessionId}}. */
  static String session(String sessionId) {
    return "/v1/sessions/" + segment(sessionId);
  }

  /** {@code /v1/sessions/{sessionId}/turns}. */
  static String turns(String sessionId) {
    return session(sessionId) + "/turns";
  }

  /** {@code /v1/sessions/{sessionId}/turns/{turnId}}. */
  static String turn(String sessionId, String turnId) {
    return turns(sessionId) + "/" + segment(turnId);
  }

  /** {@code /v1/sessions/{sessionId}/turns/{turnId}/stream}. */
  static String stream(String sessionId, String turnId) {
    return turn(sessionId, turnId) + "/stream";
  }

  /** {@code /v1/sessions/{sessionId}/fork}. */
  static String fork(String sessionId) {
    return session(sessionId) + "/fork";
  }

  /** {@code /v1/sessions/{sessionId}/stream}: the session's feed. */
  static String feed(String sessionId) {
    return session(sessionId) + "/stream";
  }

  /** {@code path} under {@code base}, whose own path (a proxy's prefix) is kept. */
  static URI resolve(URI base, String path) {
    String prefix = base.toString();
    if (prefix.endsWith("/")) {
      prefix = prefix.substring(0, prefix.length() - 1);
    }
    return URI.create(prefix + path);
  }

  /** {@code value} percent-encoded as one path segment (UTF-8; only unreserved characters kept). */
  static String segment(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (c < 128 && UNRESERVED.indexOf(c) >= 0) {
        out.append(c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)));
        out.append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
      }
    }
    return out.toString();
  }
}
