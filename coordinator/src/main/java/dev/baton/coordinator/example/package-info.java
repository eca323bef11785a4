/**
 * The example agent that {@code baton dev} runs: {@link dev.baton.coordinator.example.EchoAgent},
 * its tools {@link dev.baton.coordinator.example.NotesTools}, and {@link
 * dev.baton.coordinator.example.EchoWorker} to run them on a stack.
 */
package dev.baton.coordinator.example;
