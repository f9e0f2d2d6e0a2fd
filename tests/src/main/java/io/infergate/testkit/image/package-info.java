/** For the OCR suites and benchmarks: text rendered with Java2D, the OCR models to load. */
package io.infergate.testkit.image;
