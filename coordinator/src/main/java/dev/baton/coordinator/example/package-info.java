/**
 * The example agent that {@code baton dev} runs: {@link dev.baton.coordinator.example.EchoAgent},
 * and {@link dev.baton.coordinator.example.EchoWorker} to run it on a stack.
 */
package dev.baton.coordinator.example;
