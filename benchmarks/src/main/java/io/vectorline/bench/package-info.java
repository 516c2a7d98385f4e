/** The sink load benchmark and what the harnesses share. */
package io.vectorline.bench;
