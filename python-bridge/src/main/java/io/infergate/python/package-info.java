/**
 * The {@code python} backend: Triton python_backend models ({@code model.py} with
 * {@code TritonPythonModel}) running in this JVM on GraalPy. One polyglot engine serves every
 * model; each model instance gets its own sandboxed context with the
 * {@code triton_python_backend_utils} module, through which it can also call other models.
 */
package io.infergate.python;
