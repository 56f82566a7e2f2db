package org.bischeduler.cutover.shell;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Keeps at most {@code cap} bytes of a stream and remembers whether more arrived; hands every
 * piece, kept or not, to the tap as it arrives.
 */
final class OutputCollector extends OutputStream {

    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final int cap;
    private final OutputTap tap;
    private final boolean stderr;
    private boolean truncated;

    OutputCollector(int cap, OutputTap tap, boolean stderr) {
        this.cap = cap;
        this.tap = tap;
        this.stderr = stderr;
    }

    @Override
    public synchronized void write(int b) {
        tap.received(stderr, new byte[] {(byte) b}, 0, 1);
        if (kept.size() < cap) {
            kept.write(b);
        } else {
            truncated = true;
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        tap.received(stderr, bytes, offset, length);
        int room = Math.max(0, cap - kept.size());
        kept.write(bytes, offset, Math.min(room, length));
        if (length > room) {
            truncated = true;
        }
    }

    synchronized boolean truncated() {
        return truncated;
    }

    synchronized String text() {
        return kept.toString(StandardCharsets.UTF_8);
    }
}
