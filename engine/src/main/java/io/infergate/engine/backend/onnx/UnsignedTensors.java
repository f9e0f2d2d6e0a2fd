package io.infergate.engine.backend.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.TensorInfo.OnnxTensorType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.Buffer;
import java.nio.ByteBuffer;

/**
 * Creates UINT16, UINT32 and UINT64 input tensors, which ONNX Runtime's Java API has no
 * {@link OnnxJavaType} for, although the runtime and its kernels support them.
 *
 * <p>The public factory ends in the package-private native
 * {@code OnnxTensor.createTensorFromBuffer(apiHandle, allocatorHandle, buffer, pos, size, shape,
 * onnxType)}, which takes the ONNX element type as a plain number; this class calls it (and the
 * package-private constructors) by reflection with the unsigned type. Classpath and automatic
 * modules are open, so no {@code --add-opens} is needed. Should a later ONNX Runtime rename these
 * internals, creating such a tensor fails with a message saying so and every other type keeps
 * working. Outputs of these types need no help: {@link OnnxTensor#getByteBuffer()} handles them.
 */
final class UnsignedTensors {

    private static final Internals INTERNALS;
    private static final String FAILURE;

    static {
        Internals internals = null;
        String failure = null;
        try {
            internals = new Internals();
        } catch (ReflectiveOperationException | RuntimeException e) {
            failure = e.toString();
        }
        INTERNALS = internals;
        FAILURE = failure;
    }

    private UnsignedTensors() {
    }

    /**
     * Wraps a direct, native-order buffer (position 0, exactly the tensor's bytes, already checked
     * against the shape) as a tensor of an unsigned type; the tensor keeps a reference to the buffer.
     */
    static OnnxTensor create(OrtEnvironment env, ByteBuffer data, long[] shape, OnnxTensorType type)
            throws OrtException {
        if (INTERNALS == null) {
            throw new UnsupportedOperationException("this ONNX Runtime Java API cannot create "
                    + type + " tensors (its internals changed: " + FAILURE + ")");
        }
        return INTERNALS.create(env, data.slice(), shape, type);
    }

    private static final class Internals {
        private final long apiHandle;
        private final Field defaultAllocator;
        private final Field allocatorHandle;
        private final Method createTensorFromBuffer;
        private final Constructor<TensorInfo> tensorInfo;
        private final Constructor<OnnxTensor> onnxTensor;

        Internals() throws ReflectiveOperationException {
            Class<?> runtime = Class.forName("ai.onnxruntime.OnnxRuntime");
            Field api = runtime.getDeclaredField("ortApiHandle");
            api.setAccessible(true);
            // Loading the environment initializes the native library and the API handle.
            OnnxEnvironment.get();
            apiHandle = api.getLong(null);
            defaultAllocator = OrtEnvironment.class.getDeclaredField("defaultAllocator");
            defaultAllocator.setAccessible(true);
            allocatorHandle = Class.forName("ai.onnxruntime.OrtAllocator").getDeclaredField("handle");
            allocatorHandle.setAccessible(true);
            createTensorFromBuffer = OnnxTensor.class.getDeclaredMethod("createTensorFromBuffer",
                    long.class, long.class, Buffer.class, int.class, long.class, long[].class, int.class);
            createTensorFromBuffer.setAccessible(true);
            tensorInfo = TensorInfo.class.getDeclaredConstructor(long[].class, OnnxJavaType.class,
                    OnnxTensorType.class);
            tensorInfo.setAccessible(true);
            onnxTensor = OnnxTensor.class.getDeclaredConstructor(long.class, long.class, TensorInfo.class,
                    Buffer.class, boolean.class);
            onnxTensor.setAccessible(true);
        }

        OnnxTensor create(OrtEnvironment env, ByteBuffer data, long[] shape, OnnxTensorType type)
                throws OrtException {
            try {
                long allocator = allocatorHandle.getLong(defaultAllocator.get(env));
                long handle = (long) createTensorFromBuffer.invoke(null, apiHandle, allocator, data, 0,
                        (long) data.remaining(), shape.clone(), type.value);
                TensorInfo info = tensorInfo.newInstance(shape.clone(), OnnxJavaType.UNKNOWN, type);
                // Not a copy: the tensor holds the buffer so the memory outlives the native tensor.
                return onnxTensor.newInstance(handle, allocator, info, data, false);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof OrtException ort) {
                    throw ort;
                }
                throw new IllegalStateException("creating a " + type + " tensor failed", e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("creating a " + type + " tensor failed", e);
            }
        }
    }
}
