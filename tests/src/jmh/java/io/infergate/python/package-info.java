/** Microbenchmarks of the python backend: tensors crossing between Java and GraalPy. */
package io.infergate.python;
