/** Implementation detail of the operator tools; may change without notice. */
package dev.baton.cli.ops.internal;
