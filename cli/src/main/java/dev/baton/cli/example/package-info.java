/**
 * The example agent that {@code baton dev} runs: {@link dev.baton.cli.example.EchoAgent}, its tools
 * {@link dev.baton.cli.example.NotesTools} and {@link dev.baton.cli.example.ApprovalTool}, and
 * {@link dev.baton.cli.example.EchoWorker} to run them on a stack.
 */
package dev.baton.cli.example;
