package dev.baton.client.internal;

/**
 * One server-sent event as parsed, before its data is read as JSON.
 *
 * @param id the last event id the stream set, or null if it set none
 * @param type the event type, {@code message} if the event named none
 * @param data the data lines joined by {@code \n}
 */
public record SseEvent(String id, String type, String data) {}
