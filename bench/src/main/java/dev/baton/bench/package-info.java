/**
 * Baton's benchmarks: {@link dev.baton.bench.BenchCli} runs every case on the embedded stack (or on
 * external addresses), prints the tables and writes {@code docs/benchmarks.md}.
 */
package dev.baton.bench;
