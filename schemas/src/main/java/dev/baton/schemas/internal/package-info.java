/**
 * Implementation details of the schemas module. Everything here may change without notice; use the
 * API of {@code dev.baton.schemas} instead.
 */
package dev.baton.schemas.internal;
