package dev.baton.bench.internal;

/**
 * One server-sent event as a client reads it.
 *
 * @param id its {@code id}, or null
 * @param type its {@code event}, {@code message} if none was given
 * @param data its {@code data} lines, joined by newlines
 */
record SseEvent(String id, String type, String data) {}
