package dev.baton.cli.ops;

/**
 * Told how far a bounded read has come, such as a replay of the history topic up to the end offsets
 * it captured at its start.
 *
 * <p>{@code reader.read(sessions -> true, (done, total) -> System.err.println(done + "/" + total))}
 */
@FunctionalInterface
public interface ProgressListener {

  /** A listener that ignores progress. */
  ProgressListener NONE = (done, total) -> {};

  /**
   * Called after each batch of records.
   *
   * @param done records read so far, tombstones and control records included
   * @param total records to read in all
   */
  void progress(long done, long total);

  /** Called once when the read has finished. */
  default void finished() {}
}
