package org.bischeduler.cutover.shell;

/** Receives a command's output while it runs, in the pieces the transport delivers them. */
@FunctionalInterface
public interface OutputTap {

    OutputTap NONE = (stderr, bytes, offset, length) -> { };

    void received(boolean stderr, byte[] bytes, int offset, int length);
}
