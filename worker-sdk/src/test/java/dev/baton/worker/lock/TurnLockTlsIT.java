package dev.baton.worker.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.embedded.RedisServer;

/**
 * The turn lock over {@code rediss://}: a Redis that serves only TLS, with a certificate of its own
 * for 127.0.0.1. Trusted through the JVM's trust store ({@code javax.net.ssl.trustStore}), the lock
 * works; not trusted, it is refused rather than used unverified.
 */
@Tag("integration")
class TurnLockTlsIT {

  private static final char[] PASSWORD = "changeit".toCharArray();

  @TempDir Path dir;

  @Test
  void shouldLockOverTlsWithATrustedCertificateAndRefuseAnUntrustedOne() throws Exception {
    Certificate certificate = createCertificate();
    int tlsPort = freePort();
    RedisServer server =
        RedisServer.newRedisServer()
            .port(freePort())
            .bind("127.0.0.1")
            .setting("tls-port " + tlsPort)
            .setting("tls-cert-file " + dir.resolve("redis.crt"))
            .setting("tls-key-file " + dir.resolve("redis.key"))
            .setting("tls-ca-cert-file " + dir.resolve("redis.crt"))
            .setting("tls-auth-clients no")
            .setting("save \"\"")
            .setting("appendonly no")
            .build();
    server.start();
    String uri = "rediss://127.0.0.1:" + tlsPort;
    try {
      assertThatThrownBy(() -> TurnLocks.create(uri, LockOptions.defaults()))
          .as("a certificate the JVM does not trust")
          .isInstanceOf(LockUnavailableException.class)
          .hasStackTraceContaining("SSLHandshakeException");

      withTrustStore(
          trustStoreOf(certificate),
          () -> {
            try (TurnLocks locks = TurnLocks.create(uri, LockOptions.defaults())) {
              Steps step = Steps.of("WW");
              CallLock first = locks.acquire(step.call(0));
              CompletableFuture<CallLock> second = locks.acquireAsync(step.call(1));
              TurnLockOrderIT.assertWaiting(second);
              first.release();
              second.join().release();
              assertThat(second).isCompleted();
            }
          });
    } finally {
      server.stop();
    }
  }

  /** A self-signed certificate for 127.0.0.1, and its key, as PEM files for Redis. */
  private Certificate createCertificate() throws Exception {
    Path keyStore = dir.resolve("redis.p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process process =
        new ProcessBuilder(
                List.of(
                    keytool.toString(),
                    "-genkeypair",
                    "-alias",
                    "redis",
                    "-keyalg",
                    "RSA",
                    "-keysize",
                    "2048",
                    "-dname",
                    "CN=127.0.0.1",
                    "-ext",
                    "SAN=ip:127.0.0.1",
                    "-validity",
                    "2",
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    keyStore.toString(),
                    "-storepass",
                    new String(PASSWORD)))
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(output).isZero();
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStore)) {
      store.load(in, PASSWORD);
    }
    Certificate certificate = store.getCertificate("redis");
    writePem(dir.resolve("redis.crt"), "CERTIFICATE", certificate.getEncoded());
    writePem(dir.resolve("redis.key"), "PRIVATE KEY", store.getKey("redis", PASSWORD).getEncoded());
    return certificate;
  }

  private Path trustStoreOf(Certificate certificate) throws IOException, GeneralSecurityException {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("redis", certificate);
    Path file = dir.resolve("trust.p12");
    try (OutputStream out = Files.newOutputStream(file)) {
      trust.store(out, PASSWORD);
    }
    return file;
  }

  /** Runs {@code action} with the JVM's trust store set to {@code file}, then restores it. */
  private static void withTrustStore(Path file, ThrowingRunnable action) throws Exception {
    String store = System.getProperty("javax.net.ssl.trustStore");
    String password = System.getProperty("javax.net.ssl.trustStorePassword");
    System.setProperty("javax.net.ssl.trustStore", file.toString());
    System.setProperty("javax.net.ssl.trustStorePassword", new String(PASSWORD));
    try {
      action.run();
    } finally {
      restore("javax.net.ssl.trustStore", store);
      restore("javax.net.ssl.trustStorePassword", password);
    }
  }

  private static void restore(String property, String value) {
    if (value == null) {
      System.clearProperty(property);
    } else {
      System.setProperty(property, value);
    }
  }

  private static void writePem(Path file, String type, byte[] der) throws IOException {
    String base64 =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    Files.writeString(
        file, "-----BEGIN " + type + "-----\n" + base64 + "\n-----END " + type + "-----\n");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  @FunctionalInterface
  private interface ThrowingRunnable {
    void run() throws Exception;
  }
}
