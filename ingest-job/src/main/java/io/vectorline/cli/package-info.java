/** The {@code vectorline} command line (picocli): run, demo, produce, search, schema, index, dead-letters. */
package io.vectorline.cli;
