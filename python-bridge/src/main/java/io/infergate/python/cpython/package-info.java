/**
 * The CPython runtime of the {@code python} backend, chosen per model with the parameter
 * {@code INFERGATE_PYTHON_RUNTIME=cpython}: each model instance runs {@code model.py} in a stub
 * process of its own on a CPython interpreter (a model's {@code EXECUTION_ENV_PATH}, else the
 * {@code python3} on the PATH), for models that need CPython-only native wheels. Messages travel
 * two Unix-domain sockets (requests and their answers on one, read by the executing thread
 * itself; everything the stub starts on the other); tensor bytes shared-memory files in
 * {@code /dev/shm}. Decoupled
 * models and BLS requests into the engine work across the process boundary. The stub is not
 * trusted: every frame, length and offset it sends is checked, and a stub that crashes, hangs or
 * breaks the protocol fails its request and is restarted.
 */
package io.infergate.python.cpython;
