/*
 * Infergate's memory budget for numpy in one GraalPy model context: a numpy data allocator
 * (NEP 49, PyDataMem_SetHandler) that counts the bytes its arrays hold and refuses an allocation
 * that would take the count past the context's limit, so numpy raises MemoryError in that model
 * instead of the server running out of memory. GraalPy loads a separate copy of this module in
 * every context (IsolateNativeModules), so the count below is per context: per model instance.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#define NPY_NO_DEPRECATED_API NPY_1_22_API_VERSION
#define NPY_TARGET_VERSION NPY_1_22_API_VERSION
#include <numpy/arrayobject.h>
#include <stdlib.h>
#include <string.h>

/* Each block starts with a header holding its size, so free and realloc know what they return. */
#define HEADER 16

static size_t used;   /* bytes held by live blocks; updated atomically (numpy may release the GIL) */
static size_t limit = (size_t) -1;
static size_t refused; /* allocations refused so far */

static int reserve(size_t size) {
    size_t now = __atomic_load_n(&used, __ATOMIC_RELAXED);
    do {
        if (size > limit || now > limit - size) {
            __atomic_fetch_add(&refused, 1, __ATOMIC_RELAXED);
            return 0;
        }
    } while (!__atomic_compare_exchange_n(&used, &now, now + size, 1, __ATOMIC_RELAXED, __ATOMIC_RELAXED));
    return 1;
}

static void release(size_t size) {
    __atomic_fetch_sub(&used, size, __ATOMIC_RELAXED);
}

static void *finish(char *block, size_t size) {
    if (block == NULL) {
        release(size);
        return NULL;
    }
    memcpy(block, &size, sizeof size);
    return block + HEADER;
}

/*
 * Reserves size bytes of the budget. Over it, first collects garbage once: GraalPy frees an
 * array's memory only after the JVM's garbage collector finds its Python object unreachable, so
 * the budget can look spent on arrays that are already dropped.
 */
static int reserve_or_collect(size_t size) {
    if (reserve(size)) {
        return 1;
    }
    if (!PyGILState_Check()) {
        return 0;
    }
    /* gc.collect(), not PyGC_Collect(): GraalPy's frees the dropped arrays' memory before it returns.
       An exception already pending in the caller survives the collection. */
    PyObject *type, *value, *traceback;
    PyErr_Fetch(&type, &value, &traceback);
    PyObject *gc = PyImport_ImportModule("gc");
    PyObject *result = gc == NULL ? NULL : PyObject_CallMethod(gc, "collect", NULL);
    Py_XDECREF(result);
    Py_XDECREF(gc);
    PyErr_Clear();
    PyErr_Restore(type, value, traceback);
    return reserve(size);
}

static void *budget_malloc(void *ctx, size_t size) {
    (void) ctx;
    if (size > (size_t) -1 - HEADER || !reserve_or_collect(size)) {
        return NULL;
    }
    return finish(malloc(size + HEADER), size);
}

static void *budget_calloc(void *ctx, size_t count, size_t each) {
    (void) ctx;
    if (each != 0 && count > ((size_t) -1 - HEADER) / each) {
        return NULL;
    }
    size_t size = count * each;
    if (!reserve_or_collect(size)) {
        return NULL;
    }
    return finish(calloc(1, size + HEADER), size);
}

static void budget_free(void *ctx, void *data, size_t ignored) {
    (void) ctx;
    (void) ignored;
    if (data == NULL) {
        return;
    }
    char *block = (char *) data - HEADER;
    size_t size;
    memcpy(&size, block, sizeof size);
    release(size);
    free(block);
}

static void *budget_realloc(void *ctx, void *data, size_t size) {
    if (data == NULL) {
        return budget_malloc(ctx, size);
    }
    char *block = (char *) data - HEADER;
    size_t old;
    memcpy(&old, block, sizeof old);
    if (size > old && (size > (size_t) -1 - HEADER || !reserve_or_collect(size - old))) {
        return NULL;
    }
    char *moved = realloc(block, size + HEADER);
    if (moved == NULL) {
        if (size > old) {
            release(size - old);
        }
        return NULL;
    }
    if (size < old) {
        release(old - size);
    }
    memcpy(moved, &size, sizeof size);
    return moved + HEADER;
}

static PyDataMem_Handler handler = {
    "infergate_memory_budget",
    1,
    {NULL, budget_malloc, budget_calloc, budget_realloc, budget_free},
};

static PyObject *capsule;

/* install(limit_bytes): sets the limit and makes this allocator numpy's for the calling thread. */
static PyObject *install(PyObject *self, PyObject *arg) {
    (void) self;
    unsigned long long bytes = PyLong_AsUnsignedLongLong(arg);
    if (bytes == (unsigned long long) -1 && PyErr_Occurred()) {
        return NULL;
    }
    limit = (size_t) bytes;
    PyObject *previous = PyDataMem_SetHandler(capsule);
    if (previous == NULL) {
        return NULL;
    }
    Py_DECREF(previous);
    Py_RETURN_NONE;
}

/* usage(): (bytes held, limit, allocations refused). */
static PyObject *usage(PyObject *self, PyObject *unused) {
    (void) self;
    (void) unused;
    return Py_BuildValue("(KKK)", (unsigned long long) __atomic_load_n(&used, __ATOMIC_RELAXED),
                         (unsigned long long) limit,
                         (unsigned long long) __atomic_load_n(&refused, __ATOMIC_RELAXED));
}

static PyMethodDef methods[] = {
    {"install", install, METH_O, "install(limit_bytes): bound numpy's memory in this context, for the calling thread"},
    {"usage", usage, METH_NOARGS, "usage(): (bytes held, limit, allocations refused)"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_infergate_memory", NULL, -1, methods, NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__infergate_memory(void) {
    import_array();
    capsule = PyCapsule_New(&handler, "mem_handler", NULL);
    if (capsule == NULL) {
        return NULL;
    }
    return PyModule_Create(&module);
}
