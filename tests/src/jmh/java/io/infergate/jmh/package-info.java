/** Shared settings of the JMH microbenchmarks in src/jmh (run by scripts/jmh, never by scripts/test). */
package io.infergate.jmh;
