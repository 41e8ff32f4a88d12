package chokepoint.outbound;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Refuses to read past the cap, so a body that lies about its length or never ends is cut off there. */
final class CappedBody extends FilterInputStream {
    private final long cap;
    private long read;
    private boolean overflowed;
    private boolean ended;

    CappedBody(InputStream in, long cap) {
        super(in);
        this.cap = cap;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(1);
        } else {
            ended = true;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            count(n);
        } else if (n < 0) {
            ended = true;
        }
        return n;
    }

    /** Whether reading stopped at the cap. */
    boolean overflowed() {
        return overflowed;
    }

    /** Whether the body ended, reading at most {@code bytes} more of it (never past the cap) to find out. */
    boolean drained(long bytes) {
        if (ended) {
            return true;
        }
        if (overflowed) {
            return false;
        }
        byte[] buffer = new byte[8192];
        long left = bytes;
        try {
            while (left > 0 && !ended) {
                int n = read(buffer, 0, (int) Math.min(buffer.length, left));
                left -= Math.max(n, 0);
            }
        } catch (IOException e) {
            return false;
        }
        return ended;
    }

    private void count(int n) throws IOException {
        read += n;
        if (read > cap) {
            overflowed = true;
            throw new IOException("body larger than " + cap + " bytes");
        }
    }
}
