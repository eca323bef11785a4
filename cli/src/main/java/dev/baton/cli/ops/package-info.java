/**
 * The operator tools' reading and decoding logic, with no command line in it: {@link
 * dev.baton.cli.ops.HistoryReader} replays the compacted history topic, {@link
 * dev.baton.cli.ops.EventTail} follows the session-events topic, {@link
 * dev.baton.cli.ops.CoordinatorClient} reads a session through a coordinator's HTTP API, and the
 * formats render what they read; {@link dev.baton.cli.ops.TurnRenderer} shows a turn's stream, read
 * with the Java client, in a terminal. {@code baton replay}, {@code tail}, {@code inspect} and
 * {@code stream} are thin commands over these classes; tests and benchmarks reuse them.
 */
package dev.baton.cli.ops;
