/** Implementation detail of the operator tools; may change without notice. */
package dev.baton.coordinator.ops.internal;
