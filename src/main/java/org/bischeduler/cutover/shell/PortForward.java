package org.bischeduler.cutover.shell;

/** A local address that reaches a port on the target (through SSH, or directly when local). */
public interface PortForward extends AutoCloseable {

    String localHost();

    int localPort();

    @Override
    void close();
}
