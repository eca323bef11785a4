/** Baton's command line: {@code baton dev}, {@code baton coordinator} and the operator tools. */
package dev.baton.cli;
