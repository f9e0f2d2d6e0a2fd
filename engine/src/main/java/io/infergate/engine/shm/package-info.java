/**
 * Triton's system shared memory, owned by the engine: the registry of regions clients registered
 * ({@link io.infergate.engine.shm.RegionRegistry}, the engine api's
 * {@link io.infergate.engine.api.SharedMemoryRegions}), each region a POSIX shared-memory object
 * in {@code /dev/shm} mapped once at registration ({@link io.infergate.engine.shm.MappedRegion}),
 * and the rule for which keys a client may name ({@link io.infergate.engine.shm.ObjectKeys}).
 *
 * <p>A client owns its objects and may shrink or delete them at any time; touching a mapped page
 * past the end of a shrunk object raises SIGBUS, which kills a JVM in native code. So the mapping
 * never leaves this package: requests get copies of their inputs and their outputs are copied in,
 * each copy preceded by a check of the object's current size on a descriptor kept open, and a
 * fault that still races in (HotSpot reports it as an InternalError from the copy) becomes the
 * request's INVALID_ARG.
 */
package io.infergate.engine.shm;
