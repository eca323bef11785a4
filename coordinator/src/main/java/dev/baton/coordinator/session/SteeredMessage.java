package dev.baton.coordinator.session;

import java.util.Objects;

/**
 * An input steered into the active turn ({@link OnBusy#STEER}) and delivered: appended to the
 * history as a user message of the turn, right before the agent step that first carried it.
 *
 * @param messageId the submit's turn id, which names the message
 * @param inputDigest the digest of its input, so that a repeat of the submit is recognized
 * @param seq its history sequence number
 * @param deliveredWith the agent step attempt whose context first carried it
 */
public record SteeredMessage(
    String messageId, InputDigest inputDigest, long seq, StepAttempt deliveredWith) {

  /** Null checks. */
  public SteeredMessage {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(inputDigest, "inputDigest");
    Objects.requireNonNull(deliveredWith, "deliveredWith");
  }
}
