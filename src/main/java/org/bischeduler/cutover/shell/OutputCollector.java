package org.bischeduler.cutover.shell;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Keeps at most {@code cap} bytes of a stream and remembers whether more arrived. */
final class OutputCollector extends OutputStream {

    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final int cap;
    private boolean truncated;

    OutputCollector(int cap) {
        this.cap = cap;
    }

    @Override
    public synchronized void write(int b) {
        if (kept.size() < cap) {
            kept.write(b);
        } else {
            truncated = true;
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
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
