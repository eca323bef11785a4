package dev.baton.coordinator.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Sends one request as raw bytes over a socket and reads the response; for requests that {@code
 * java.net.http} refuses to send (a raw {@code %00}, raw UTF-8 in the path, an oversize header).
 */
final class RawHttp {

  private static final int TIMEOUT_MILLIS = 10_000;

  private RawHttp() {}

  /** A response: status, headers (names in lower case) and the body as bytes. */
  record Response(int status, Map<String, String> headers, byte[] body) {

    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The body decoded strictly as UTF-8. */
    String utf8Body() {
      try {
        return StandardCharsets.UTF_8
            .newDecoder()
            .decode(java.nio.ByteBuffer.wrap(body))
            .toString();
      } catch (java.nio.charset.CharacterCodingException e) {
        throw new AssertionError("the body is not valid UTF-8", e);
      }
    }
  }

  /** Sends {@code head} (request line and headers, without the blank line) and {@code body}. */
  static Response send(int port, byte[] head, byte[] body) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      try {
        var out = socket.getOutputStream();
        out.write(head);
        out.write("\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        // Whatever the request declared, nothing more comes: the server need not wait for it.
        socket.shutdownOutput();
      } catch (SocketException e) {
        // A server may answer a request it refuses (too long, too large) and close the
        // connection before the client has sent all of it: its answer is still there to read.
      }
      return parse(readAll(socket.getInputStream()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends a request without a body; {@code head} is text in UTF-8. */
  static Response send(int port, String head) {
    return send(port, head.getBytes(StandardCharsets.UTF_8), new byte[0]);
  }

  /**
   * Reads the response: up to its declared length, else up to the end of its chunks or of the
   * stream, so that a server that keeps the connection open does not make the read wait.
   */
  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n; !isComplete(all.toByteArray()) && (n = in.read(buffer)) >= 0; ) {
        all.write(buffer, 0, n);
      }
    } catch (java.net.SocketException e) {
      // The server may reset the connection after answering a request it refused to read.
      if (all.size() == 0) {
        throw e;
      }
    }
    return all.toByteArray();
  }

  private static boolean isComplete(byte[] raw) {
    int headEnd = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    if (headEnd < 0) {
      return false;
    }
    String head = new String(raw, 0, headEnd, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
    int bodyLength = raw.length - headEnd - 4;
    var length = java.util.regex.Pattern.compile("\r\ncontent-length:\\s*(\\d+)").matcher(head);
    if (length.find()) {
      return bodyLength >= Integer.parseInt(length.group(1));
    }
    if (head.contains("\r\ntransfer-encoding: chunked")) {
      return indexOf(raw, headEnd, "\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)) >= 0;
    }
    return false;
  }

  private static Response parse(byte[] raw) {
    int headEnd = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    if (headEnd < 0) {
      throw new AssertionError(
          "no complete response: " + new String(raw, StandardCharsets.ISO_8859_1));
    }
    String[] lines = new String(raw, 0, headEnd, StandardCharsets.ISO_8859_1).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(
          lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).trim());
    }
    byte[] body = java.util.Arrays.copyOfRange(raw, headEnd + 4, raw.length);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = unchunk(body);
    }
    return new Response(status, headers, body);
  }

  private static byte[] unchunk(byte[] chunked) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    while (true) {
      int lineEnd = indexOf(chunked, at, "\r\n".getBytes(StandardCharsets.US_ASCII));
      String size = new String(chunked, at, lineEnd - at, StandardCharsets.US_ASCII).trim();
      int length = Integer.parseInt(size.split(";")[0], 16);
      if (length == 0) {
        return out.toByteArray();
      }
      out.write(chunked, lineEnd + 2, length);
      at = lineEnd + 2 + length + 2;
    }
  }

  private static int indexOf(byte[] data, byte[] pattern) {
    return indexOf(data, 0, pattern);
  }

  private static int indexOf(byte[] data, int from, byte[] pattern) {
    outer:
    for (int i = from; i <= data.length - pattern.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
