/** Images for the OCR suites and benchmarks: text rendered with Java2D. */
package io.infergate.testkit.image;
