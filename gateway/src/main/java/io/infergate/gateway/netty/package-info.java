/**
 * Adapters between Vert.x buffers and Netty's where Vert.x's public API stops short; see
 * {@link io.infergate.gateway.netty.NettyBuffers} for why each is needed.
 */
package io.infergate.gateway.netty;
