/**
 * The Java client of a Baton coordinator's HTTP API, for applications: {@link
 * dev.baton.client.BatonClient} submits turns and streams them as {@link
 * dev.baton.client.TurnEvent}s that resume on their own after a dropped connection, on the same
 * coordinator or another one of the fleet. It needs the JDK's HTTP client and Jackson, nothing
 * else.
 *
 * <pre>{@code
 * try (BatonClient client = BatonClient.create(URI.create("http://127.0.0.1:8080"));
 *     TurnStream turn = client.submitAndStream("chat-42", "t-1", "hello", SubmitOptions.DEFAULTS)) {
 *   turn.forEachRemaining(event -> System.out.print(event.text()));
 * }
 * }</pre>
 *
 * <p>The classes in {@code dev.baton.client.internal} are not part of the API and may change
 * without notice.
 */
package dev.baton.client;
