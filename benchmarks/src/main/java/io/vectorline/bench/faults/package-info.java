/** Fault injection against the real job on a standalone cluster, compared with an undisturbed control run. */
package io.vectorline.bench.faults;
