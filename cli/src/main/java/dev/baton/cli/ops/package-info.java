/**
 * The operator tools' reading and decoding logic, with no command line in it: {@link
 * dev.baton.cli.ops.HistoryReader} replays the compacted history topic, {@link
 * dev.baton.cli.ops.EventTail} follows the session-events topic, {@link
 * dev.baton.cli.ops.CoordinatorClient} reads a session through a coordinator's HTTP API, and the
 * formats render what they read. {@code baton replay}, {@code tail} and {@code inspect} are thin
 * commands over these classes; tests and benchmarks reuse them.
 */
package dev.baton.cli.ops;
